package io.qdm.eval.extractor;

import io.qdm.datasets.DataDirectory;
import io.qdm.datasets.DatasetId;
import io.qdm.datasets.DatasetSplit;
import io.qdm.eval.data.LabelledImages;
import io.qdm.eval.training.ClassifierTrainer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The shipped LeNet MNIST extractor: hash-verified load, ≥ 99% test accuracy, 128-d non-negative features. */
class ShippedExtractorTest {

    static FeatureExtractor extractor;
    static LabelledImages test;

    @BeforeAll
    static void load() throws IOException {
        extractor = FeatureExtractor.loadResource("extractors/lenet-mnist");
        test = LabelledImages.load(DataDirectory.resolveDefault(), DatasetId.MNIST, DatasetSplit.TEST);
    }

    @AfterAll
    static void close() {
        extractor.close();
    }

    @Test
    void classifiesTheRealMnistTestSetWithAtLeast99PercentAccuracy() {
        ClassifierTrainer.Accuracy acc = ClassifierTrainer.accuracy(extractor, test);
        assertThat(acc.images()).isEqualTo(10_000);
        assertThat(acc.overall()).isGreaterThanOrEqualTo(0.99);
        // the manifest records what the trainer measured on the same images
        assertThat(acc.overall()).isEqualTo(extractor.manifest().metrics().testAccuracy());
        assertThat(acc.perClass()).allSatisfy(a -> assertThat(a).isGreaterThan(0.97));
    }

    @Test
    void manifestDescribesTheWeightsAndFeaturesAre128DimensionalAndNonNegative() {
        ExtractorManifest m = extractor.manifest();
        assertThat(m.id()).isEqualTo("lenet-mnist");
        assertThat(m.featureDim()).isEqualTo(128);
        assertThat(m.training().seed()).isEqualTo(42);
        assertThat(m.dataSha256()).containsKeys("train-images-idx3-ubyte", "t10k-images-idx3-ubyte");
        assertThat(m.weights().parameterCount()).isEqualTo(extractor.parameterCount());
        FeatureExtractor.Output out = extractor.extract(test.slice(0, 3), 3);
        assertThat(out.features()).hasSize(3 * 128);
        assertThat(out.probabilities()).hasSize(30);
        for (float f : out.features()) {
            assertThat(f).isGreaterThanOrEqualTo(0f);
        }
        double sum = 0;
        for (int c = 0; c < 10; c++) {
            sum += out.probabilities()[c];
        }
        assertThat(sum).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-5));
        assertThat(out.predicted(0)).isEqualTo(test.label(0));
    }

    @Test
    void modifiedWeightsAreRefusedWithBothHashes(@TempDir Path dir) throws Exception {
        Path src = Path.of(FeatureExtractor.class.getClassLoader().getResource("extractors/lenet-mnist/manifest.json")
                .toURI()).getParent();
        Files.copy(src.resolve("manifest.json"), dir.resolve("manifest.json"));
        byte[] w = Files.readAllBytes(src.resolve("lenet-mnist-0000.params"));
        w[w.length - 1] ^= 1;
        Files.write(dir.resolve("lenet-mnist-0000.params"), w);
        assertThatThrownBy(() -> FeatureExtractor.load(dir)).isInstanceOf(IOException.class)
                .hasMessageContaining("do not match their manifest")
                .hasMessageContaining(extractor.manifest().weights().sha256())
                .hasMessageContaining("./qdm train classifier --dataset mnist");
    }
}
