package io.qdm.eval.service;

import io.qdm.datasets.DataDirectory;
import io.qdm.datasets.DatasetId;
import io.qdm.datasets.DatasetSplit;
import io.qdm.eval.data.LabelledImages;
import io.qdm.eval.extractor.FeatureExtractor;
import io.qdm.eval.metrics.MomentAccumulator;
import io.qdm.eval.metrics.SampleMetrics;
import io.qdm.eval.metrics.SampleSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** FID with the shipped extractor on real MNIST images: ≈ 0 against itself, growing with added noise. */
class FidOnImagesTest {

    static FeatureExtractor extractor;
    static LabelledImages test;
    static SampleSet reference;

    @BeforeAll
    static void load() throws IOException {
        extractor = FeatureExtractor.loadResource("extractors/lenet-mnist");
        test = LabelledImages.load(DataDirectory.resolveDefault(), DatasetId.MNIST, DatasetSplit.TEST);
        // even-indexed vs odd-indexed test images: the test set's halves come from different writer populations
        reference = ReferenceLibrary.sampleSet("mnist-test even", extractor, interleaved(0), 5000, null);
    }

    /** Test images parity, parity + 2, … (5000 of them). */
    static float[] interleaved(int parity) {
        int[] idx = new int[5000];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = 2 * i + parity;
        }
        return test.gather(idx, 0, idx.length);
    }

    @AfterAll
    static void close() {
        extractor.close();
    }

    @Test
    void fidOfASetAgainstItselfIsZeroAndStreamingEqualsBatch() {
        assertThat(SampleMetrics.fid(reference.featureMoments(), reference.featureMoments(), 0).fid())
                .isCloseTo(0.0, within(1e-5)); // round-off of √λ for near-zero eigenvalues; FIDs here are 1..300
        // the same 5000 images streamed in batches of 64 (as Kafka delivers them)
        MomentAccumulator streamed = new MomentAccumulator(128);
        for (int from = 0; from < 5000; from += 64) {
            int n = Math.min(64, 5000 - from);
            streamed.add(extractor.extract(java.util.Arrays.copyOfRange(reference.images(), from * 784,
                    (from + n) * 784), n).features(), n);
        }
        double[] a = streamed.covariance();
        double[] b = reference.featureMoments().covariance();
        double scale = 0;
        for (int i = 0; i < 128; i++) {
            scale = Math.max(scale, b[i * 128 + i]);
        }
        for (int i = 0; i < a.length; i++) {
            // features differ only by float32 kernel choice per batch shape (~1e-6 relative)
            assertThat(a[i]).isCloseTo(b[i], within(1e-4 * scale));
        }
        assertThat(SampleMetrics.fid(streamed, reference.featureMoments(), 0).fid()).isLessThan(1e-3);
    }

    @Test
    void fidGrowsMonotonicallyWithGaussianNoiseAndTwoHalvesOfTheTestSetAreClose() {
        float[] odd = interleaved(1);
        SampleSet otherHalf = ReferenceLibrary.sampleSet("mnist-test odd", extractor, odd, 5000, null);
        double halves = SampleMetrics.fid(otherHalf.featureMoments(), reference.featureMoments(), 0).fid();
        double[] sigmas = {0, 0.05, 0.1, 0.2, 0.4, 0.8};
        List<Double> fids = new ArrayList<>();
        float[] clean = java.util.Arrays.copyOf(odd, 2000 * 784);
        for (double sigma : sigmas) {
            SplittableRandom rng = new SplittableRandom(17);
            float[] noisy = new float[clean.length];
            for (int i = 0; i < clean.length; i++) {
                noisy[i] = (float) Math.min(1, Math.max(0, clean[i] + sigma * rng.nextGaussian()));
            }
            SampleSet s = ReferenceLibrary.sampleSet("noisy", extractor, noisy, 2000, null);
            fids.add(SampleMetrics.fid(s.featureMoments(), reference.featureMoments(), 0).fid());
        }
        System.out.printf("FID halves %.4f; noise sigma %s -> FID %s%n", halves, java.util.Arrays.toString(sigmas),
                fids);
        assertThat(halves).isPositive().isLessThan(fids.get(0)); // 5000 vs 2000 samples: less small-sample bias
        for (int i = 1; i < fids.size(); i++) {
            assertThat(fids.get(i)).as("sigma " + sigmas[i]).isGreaterThan(fids.get(i - 1));
        }
        assertThat(fids.get(fids.size() - 1)).isGreaterThan(20 * halves);
    }
}
