package io.qdm.latent.model;

import ai.djl.Model;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The served decoder of the shipped autoencoder against the same weights loaded for training (every block on its
 * NDArray path): every bit of every pixel, for the latents the pipeline sends (unit-norm, non-negative) and for
 * signed ones (maps of both signs through batch norm and ReLU), at several batch sizes.
 */
class ServedDecoderTest {

    static final long SEED = 20261127L;
    static final int ROWS = 256;

    static AutoencoderModel served;
    static AutoencoderModel reference;

    @BeforeAll
    static void load() throws Exception {
        served = AutoencoderModel.loadShipped();
        Path dir = Path.of(AutoencoderModel.class.getClassLoader()
                .getResource(AutoencoderModel.SHIPPED_RESOURCE_DIR + "/" + ModelManifest.FILE_NAME).toURI())
                .getParent();
        Model model = AutoencoderModel.newDjlModel(served.config());
        model.load(dir, served.manifest().weights().modelName());
        reference = AutoencoderModel.wrap(model, served.config());
    }

    @AfterAll
    static void close() {
        served.close();
        reference.close();
    }

    @Test
    void theShippedModelIsServedByTheServedDecoderAndATrainableOneIsNot() {
        assertThat(served.servedDecoder()).isNotNull();
        assertThat(reference.servedDecoder()).isNull();
    }

    @Test
    void givesTheBlockPassBitsForUnitNormNonNegativeLatents() {
        SplittableRandom rnd = new SplittableRandom(SEED);
        float[] z = new float[ROWS * served.latentDim()];
        for (int r = 0; r < ROWS; r++) {
            double norm = 0;
            double[] row = new double[served.latentDim()];
            for (int j = 0; j < row.length; j++) {
                row[j] = Math.abs(rnd.nextGaussian());
                norm += row[j] * row[j];
            }
            for (int j = 0; j < row.length; j++) {
                z[r * row.length + j] = (float) (row[j] / Math.sqrt(norm));
            }
        }
        assertSameBits(z);
    }

    @Test
    void givesTheBlockPassBitsForSignedLatents() {
        SplittableRandom rnd = new SplittableRandom(SEED + 1);
        float[] z = new float[ROWS * served.latentDim()];
        for (int i = 0; i < z.length; i++) {
            z[i] = (float) (3 * rnd.nextGaussian());
        }
        assertSameBits(z);
    }

    @Test
    void refusesADecoderOfAnotherLayout() {
        SequentialBlock other = new SequentialBlock().add(Linear.builder().setUnits(4).build());
        assertThatThrownBy(() -> ServedDecoder.of(other)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("decoder has 1 children");
    }

    private static void assertSameBits(float[] latents) {
        int d = served.latentDim();
        for (int rows : new int[] {4, 33, 64, ROWS}) {
            float[] z = Arrays.copyOf(latents, rows * d);
            // the block pass on the same rows padded as the served linear layers see them (zero rows appended)
            int padded = ServedDecoder.roundUp(rows, ServedDecoder.DENSE_ROW_MULTIPLE);
            float[] expected = Arrays.copyOf(reference.decodeFlat(Arrays.copyOf(z, padded * d), padded),
                    rows * AutoencoderConfig.PIXELS);
            float[] actual = served.decodeFlat(z, rows);
            assertThat(actual).as("%d rows", rows).hasSize(rows * AutoencoderConfig.PIXELS);
            for (int i = 0; i < expected.length; i++) {
                if (Float.floatToRawIntBits(actual[i]) != Float.floatToRawIntBits(expected[i])) {
                    throw new AssertionError(rows + " rows: pixel " + i + " is " + actual[i] + ", the block pass gives "
                            + expected[i]);
                }
            }
        }
    }
}
