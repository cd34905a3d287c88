package io.qdm.latent.model;

import io.qdm.datasets.DataDirectory;
import io.qdm.latent.training.MnistImages;
import io.qdm.latent.training.ReconstructionMetrics;
import io.qdm.latent.training.SeededSplit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The weights shipped in {@code src/main/resources/models/autoencoder} on real MNIST (verified cache, {@code ./qdm data
 * fetch}). Round-trip images are the held-out validation split the manifest's seed reproduces: never trained on.
 */
class ShippedAutoencoderTest {
    /**
     * Validation MSE measured at training time is in the manifest; the bound allows 1.5× that on a 1,000-image
     * subset. A regression of the model, the loader or the pixel layout breaks it.
     */
    static final double MSE_MARGIN = 1.5;
    private static AutoencoderModel model;
    private static MnistImages mnist;

    @BeforeAll
    static void load() throws IOException {
        model = AutoencoderModel.loadShipped();
        String dir = System.getProperty("qdm.data.dir");
        mnist = MnistImages.loadMerged(dir != null ? Path.of(dir) : DataDirectory.resolveDefault());
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void shippedWeightsHashMatchesTheManifest() throws IOException, URISyntaxException {
        ModelManifest m = model.manifest();
        Path dir = Path.of(AutoencoderModel.class.getClassLoader()
                .getResource(AutoencoderModel.SHIPPED_RESOURCE_DIR + "/" + ModelManifest.FILE_NAME).toURI()).getParent();
        Path weights = dir.resolve(m.weights().file());
        assertThat(AutoencoderModel.sha256(weights)).isEqualTo(m.weights().sha256());
        assertThat(weights.toFile().length()).isEqualTo(m.weights().bytes()).isLessThanOrEqualTo(10_000_000L);
        assertThat(m.latentDim()).isEqualTo(8);
        assertThat(model.trainableParameterCount()).isEqualTo(m.weights().parameterCount())
                .isEqualTo(665_992L + 668_161L); // the authors' encoder and decoder (paper notes §5)
        assertThat(m.format()).isEqualTo("qdm-autoencoder/2");
        assertThat(m.weights().sha256()).isEqualTo("37283c1f50a7b45f303299fe6b1834ab756563a4ed6278e2e8be3a1a63083668");
        assertThat(m.training().epochsCompleted()).isEqualTo(10);
        assertThat(m.dataSha256()).isEqualTo(mnist.sha256());
    }

    @Test
    void roundTripOnHeldOutMnistReachesTheStatedReconstructionError() {
        ModelManifest m = model.manifest();
        SeededSplit split = SeededSplit.of(mnist.count(), m.training().limit(), m.training().validationFraction(),
                m.training().seed());
        int[] held = Arrays.copyOf(split.validation(), 1000);
        ReconstructionMetrics r = ReconstructionMetrics.measure(model, mnist, held, 1.0);
        double bound = m.metrics().validationMse() * MSE_MARGIN;
        assertThat(r.mse()).isLessThanOrEqualTo(bound);
        // Far below the trivial "predict the mean image" reconstruction (MSE ≈ 0.067 on MNIST).
        assertThat(r.mse()).isLessThan(0.04);

        // The public double API gives the same error as the float path used above.
        double[][] x = new double[50][];
        for (int i = 0; i < 50; i++) {
            x[i] = mnist.image(held[i]);
        }
        double[][] y = model.decode(model.encode(x));
        double se = 0;
        for (int i = 0; i < 50; i++) {
            for (int k = 0; k < 784; k++) {
                se += (y[i][k] - x[i][k]) * (y[i][k] - x[i][k]);
                assertThat(y[i][k]).isBetween(0.0, 1.0);
            }
        }
        assertThat(se / (50 * 784)).isLessThanOrEqualTo(bound * 1.5);
    }

    @Test
    void realImagesEncodeToUnitNormNonNegativeVectors() {
        double[][] x = new double[300][];
        for (int i = 0; i < x.length; i++) {
            x[i] = mnist.image(60_000 + i); // MNIST test images
        }
        double[][] z = model.encode(x);
        int distinct = 0;
        for (int i = 0; i < z.length; i++) {
            double ss = 0;
            for (double v : z[i]) {
                assertThat(v).isGreaterThanOrEqualTo(0.0);
                ss += v * v;
            }
            assertThat(Math.abs(Math.sqrt(ss) - 1)).isLessThanOrEqualTo(1e-6);
            if (i > 0 && !Arrays.equals(z[i], z[i - 1])) {
                distinct++;
            }
        }
        assertThat(distinct).isEqualTo(z.length - 1);
    }
}
