package io.qdm.eval.service;

import io.qdm.datasets.DataDirectory;
import io.qdm.datasets.DatasetId;
import io.qdm.datasets.DatasetSplit;
import io.qdm.eval.extractor.FeatureExtractor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The autoencoder-reconstruction baseline with stand-in autoencoders: value, caching per version, failure reasons. */
class BaselinesTest {

    static FeatureExtractor extractor;
    static ReferenceLibrary refs;
    static final ReferenceLibrary.ReferenceId MNIST_TEST = new ReferenceLibrary.ReferenceId(DatasetId.MNIST,
            DatasetSplit.TEST);

    @BeforeAll
    static void load() throws IOException {
        extractor = FeatureExtractor.loadResource("extractors/lenet-mnist");
        refs = new ReferenceLibrary(DataDirectory.resolveDefault(), null);
    }

    @AfterAll
    static void close() {
        extractor.close();
    }

    /** A stand-in autoencoder: reconstructs every image as {@code f(image)}, counting calls. */
    static Baselines.Reconstructor autoencoder(String version, java.util.function.UnaryOperator<float[]> f,
            AtomicInteger calls) {
        return new Baselines.Reconstructor() {
            @Override
            public String autoencoder() {
                return "stand-in:" + version;
            }

            @Override
            public float[] reconstruct(float[] images, int n) {
                calls.incrementAndGet();
                return f.apply(images.clone());
            }

            @Override
            public String endpoint() {
                return "in-process";
            }
        };
    }

    @Test
    void aPerfectAutoencoderScoresZeroADimmingOneScoresMoreAndResultsAreCachedPerVersion() {
        Baselines baselines = new Baselines(refs, 0);
        AtomicInteger calls = new AtomicInteger();
        Baselines.Outcome perfect = baselines.aeReconstruction(extractor, MNIST_TEST,
                autoencoder("1", x -> x, calls));
        assertThat(perfect.value()).isCloseTo(0.0, within(1e-5));
        assertThat(perfect.details()).containsEntry("autoencoder", "stand-in:1").containsEntry("samples", 10_000L);
        assertThat(baselines.aeReconstruction(extractor, MNIST_TEST, autoencoder("1", x -> x, calls)).value())
                .isEqualTo(perfect.value());
        assertThat(calls.get()).isEqualTo(1); // cached for version 1
        Baselines.Outcome dim = baselines.aeReconstruction(extractor, MNIST_TEST, autoencoder("2", x -> {
            for (int i = 0; i < x.length; i++) {
                x[i] *= 0.5f;
            }
            return x;
        }, calls));
        assertThat(calls.get()).isEqualTo(2); // a new version is recomputed
        assertThat(dim.value()).isGreaterThan(1.0);
    }

    /**
     * With a cache directory the reconstructions' moments outlive the process: a fresh library and baselines on the
     * same directory (a restarted eval-service) give the same value without reconstructing again; another autoencoder
     * version is reconstructed; a failing one writes nothing.
     */
    @Test
    void reconstructionMomentsAreCachedOnDiskPerExtractorAndAutoencoder(@TempDir Path cache) throws IOException {
        AtomicInteger calls = new AtomicInteger();
        java.util.function.UnaryOperator<float[]> dim = x -> {
            for (int i = 0; i < x.length; i++) {
                x[i] *= 0.75f;
            }
            return x;
        };
        ReferenceLibrary first = new ReferenceLibrary(DataDirectory.resolveDefault(), cache);
        Baselines.Outcome computed = new Baselines(first, 0).aeReconstruction(extractor, MNIST_TEST,
                autoencoder("7", dim, calls));
        assertThat(calls.get()).isEqualTo(1);
        assertThat(computed.value()).isGreaterThan(0.1);
        try (var files = Files.list(cache)) {
            assertThat(files.map(f -> f.getFileName().toString()).filter(f -> f.startsWith("ae-lenet-mnist-")))
                    .hasSize(1);
        }

        ReferenceLibrary restarted = new ReferenceLibrary(DataDirectory.resolveDefault(), cache);
        Baselines.Outcome again = new Baselines(restarted, 0).aeReconstruction(extractor, MNIST_TEST,
                autoencoder("7", dim, calls));
        assertThat(calls.get()).isEqualTo(1); // read from disk
        assertThat(again.value()).isEqualTo(computed.value());

        new Baselines(restarted, 0).aeReconstruction(extractor, MNIST_TEST, autoencoder("8", dim, calls));
        assertThat(calls.get()).isEqualTo(2); // another version

        Baselines.Outcome failed = new Baselines(restarted, 0).aeReconstruction(extractor, MNIST_TEST,
                autoencoder("9", x -> {
                    throw new IllegalStateException("DEADLINE_EXCEEDED");
                }, calls));
        assertThat(failed.reason()).isEqualTo("latent-service at in-process failed to reconstruct mnist-test:"
                + " DEADLINE_EXCEEDED");
        try (var files = Files.list(cache)) {
            assertThat(files.map(f -> f.getFileName().toString()).filter(f -> f.startsWith("ae-lenet-mnist-")))
                    .hasSize(2);
        }
    }

    @Test
    void anUnreachableOrFailingAutoencoderGivesTheReasonInsteadOfAValue() {
        Baselines baselines = new Baselines(refs, 0);
        Baselines.Reconstructor down = new Baselines.Reconstructor() {
            @Override
            public String autoencoder() {
                throw new IllegalStateException("UNAVAILABLE: io exception");
            }

            @Override
            public float[] reconstruct(float[] images, int n) {
                throw new AssertionError("not called");
            }

            @Override
            public String endpoint() {
                return "localhost:8183";
            }
        };
        Baselines.Outcome o = baselines.aeReconstruction(extractor, MNIST_TEST, down);
        assertThat(o.value()).isNull();
        assertThat(o.reason()).isEqualTo("latent-service at localhost:8183 is unreachable: UNAVAILABLE: io exception");
        assertThat(baselines.aeReconstruction(extractor, new ReferenceLibrary.ReferenceId(DatasetId.FASHION_MNIST,
                DatasetSplit.TEST), down).reason())
                .isEqualTo("the autoencoder is trained on MNIST; no reconstruction baseline for fashion-mnist-test");
    }
}
