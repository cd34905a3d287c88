package io.qdm.latent.model;

import ai.djl.engine.Engine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Contract of {@link AutoencoderModel} on a seeded, untrained model (no data needed). */
class AutoencoderModelTest {
    private static AutoencoderModel model;

    @BeforeAll
    static void create() {
        Engine.getInstance().setRandomSeed(7);
        model = AutoencoderModel.create(AutoencoderConfig.defaults());
    }

    @AfterAll
    static void close() {
        model.close();
    }

    static double[][] randomImages(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] x = new double[n][AutoencoderConfig.PIXELS];
        for (double[] row : x) {
            for (int k = 0; k < row.length; k++) {
                row[k] = rng.nextDouble() < 0.8 ? 0.0 : rng.nextDouble();
            }
        }
        return x;
    }

    @Test
    void encodeGivesUnitNormNonNegativeLatentsAcrossChunkBoundaries() {
        double[][] z = model.encode(randomImages(AutoencoderModel.CHUNK + 3, 1));
        assertThat(z).hasNumberOfRows(AutoencoderModel.CHUNK + 3);
        for (double[] row : z) {
            assertThat(row).hasSize(8);
            double ss = 0;
            for (double v : row) {
                assertThat(v).isGreaterThanOrEqualTo(0.0);
                ss += v * v;
            }
            assertThat(Math.abs(Math.sqrt(ss) - 1)).isLessThanOrEqualTo(1e-6);
        }
    }

    @Test
    void chunkedEncodingEqualsPerImageEncoding() {
        double[][] x = randomImages(AutoencoderModel.CHUNK + 1, 2);
        double[][] all = model.encode(x);
        double[][] last = model.encode(new double[][] {x[AutoencoderModel.CHUNK]});
        assertThat(all[AutoencoderModel.CHUNK]).usingComparatorWithPrecision(1e-6).containsExactly(last[0]);
    }

    @Test
    void decodeGives28x28ImagesInUnitInterval() {
        double[][] img = model.decode(new double[][] {{1, 0, 0, 0, 0, 0, 0, 0}, {0.5, 0.5, 0.5, 0.5, 0, 0, 0, 0}});
        assertThat(img).hasNumberOfRows(2);
        for (double[] row : img) {
            assertThat(row).hasSize(28 * 28);
            for (double v : row) {
                assertThat(v).isBetween(0.0, 1.0);
            }
        }
        assertThat(img[0]).isNotEqualTo(img[1]);
    }

    @Test
    void decodeOfComplexAmplitudesEqualsDecodeOfTheirModuliExactly() {
        SplittableRandom rng = new SplittableRandom(3);
        double[][] re = new double[5][8];
        double[][] im = new double[5][8];
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 8; j++) {
                re[i][j] = rng.nextDouble(-0.5, 0.5);
                im[i][j] = rng.nextDouble(-0.5, 0.5);
            }
        }
        double[][] moduli = new double[5][8];
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 8; j++) {
                moduli[i][j] = Math.hypot(re[i][j], im[i][j]);
            }
        }
        double[][] viaAmplitudes = model.decodeAmplitudes(re, im);
        double[][] viaModuli = model.decode(moduli);
        for (int i = 0; i < 5; i++) {
            assertThat(viaAmplitudes[i]).containsExactly(viaModuli[i]);
        }
        // The phase is discarded: conjugating every amplitude changes nothing.
        double[][] conj = new double[5][];
        for (int i = 0; i < 5; i++) {
            conj[i] = im[i].clone();
            for (int j = 0; j < 8; j++) {
                conj[i][j] = -conj[i][j];
            }
        }
        assertThat(model.decodeAmplitudes(re, conj)[4]).containsExactly(viaModuli[4]);
    }

    @Test
    void badImageBatchesAreRejectedNamingTheField() {
        double[][] ok = randomImages(3, 4);
        assertThatThrownBy(() -> model.encode(new double[0][])).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("images: batch is empty");
        assertThatThrownBy(() -> model.encode(null)).hasMessage("images: is null");
        assertThatThrownBy(() -> model.encode(new double[][] {ok[0], new double[783]}))
                .hasMessage("images[1]: length 783, expected 784 (28x28 row-major pixels)");
        double[][] nan = {ok[0], ok[1], ok[2].clone()};
        nan[2][100] = Double.NaN;
        assertThatThrownBy(() -> model.encode(nan)).hasMessage("images[2][100]: NaN is not finite");
        double[][] big = {ok[0].clone()};
        big[0][5] = 1.0000001;
        assertThatThrownBy(() -> model.encode(big)).hasMessageStartingWith("images[0][5]: 1.0000001 is outside [0, 1]");
        double[][] neg = {ok[0].clone()};
        neg[0][0] = -0.0001;
        assertThatThrownBy(() -> model.encode(neg)).hasMessageStartingWith("images[0][0]: -1.0E-4 is outside [0, 1]");
        double[][] nullRow = {ok[0], null};
        assertThatThrownBy(() -> model.encode(nullRow)).hasMessage("images[1]: is null");
    }

    @Test
    void badLatentAndAmplitudeBatchesAreRejectedNamingTheField() {
        assertThatThrownBy(() -> model.decode(new double[][] {new double[7]}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("latents[0]: length 7, expected 8 (latent components)");
        assertThatThrownBy(() -> model.decode(new double[][] {{0, 0, 0, Double.POSITIVE_INFINITY, 0, 0, 0, 0}}))
                .hasMessage("latents[0][3]: Infinity is not finite");
        assertThatThrownBy(() -> model.decode(new double[0][])).hasMessage("latents: batch is empty");
        assertThatThrownBy(() -> model.decodeAmplitudes(new double[2][8], new double[1][8]))
                .hasMessage("amplitudes.imag: 1 rows, but amplitudes.real has 2");
        double[][] im = new double[1][8];
        im[0][6] = Double.NaN;
        assertThatThrownBy(() -> model.decodeAmplitudes(new double[1][8], im))
                .hasMessage("amplitudes.imag[0][6]: NaN is not finite");
    }

    @Test
    void saveThenLoadGivesBitIdenticalOutputs(@TempDir Path dir) throws IOException {
        Path weights = model.saveWeights(dir);
        assertThat(weights.getFileName().toString()).isEqualTo("autoencoder-0000.params");
        manifestFor(weights, 8).write(dir.resolve(ModelManifest.FILE_NAME));
        double[][] x = randomImages(20, 5);
        try (AutoencoderModel loaded = AutoencoderModel.load(dir)) {
            double[][] z1 = model.encode(x);
            double[][] z2 = loaded.encode(x);
            for (int i = 0; i < x.length; i++) {
                assertThat(z2[i]).containsExactly(z1[i]);
            }
            double[][] y1 = model.decode(z1);
            double[][] y2 = loaded.decode(z1);
            for (int i = 0; i < x.length; i++) {
                assertThat(y2[i]).containsExactly(y1[i]);
            }
        }
        // Saving again writes the same file name (fixed epoch property) and the same bytes.
        String first = AutoencoderModel.sha256(weights);
        model.saveWeights(dir);
        assertThat(AutoencoderModel.sha256(weights)).isEqualTo(first);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("autoencoder-0000.params", "manifest.json");
        }
    }

    @Test
    void loadRefusesWeightsWhoseHashDiffersFromTheManifest(@TempDir Path dir) throws IOException {
        Path weights = model.saveWeights(dir);
        manifestFor(weights, 8).write(dir.resolve(ModelManifest.FILE_NAME));
        byte[] bytes = Files.readAllBytes(weights);
        bytes[bytes.length - 1] ^= 1;
        Files.write(weights, bytes);
        assertThatThrownBy(() -> AutoencoderModel.load(dir)).isInstanceOf(IOException.class)
                .hasMessageContaining("do not match their manifest: SHA-256 is " + AutoencoderModel.sha256(weights))
                .hasMessageContaining("manifest says ");
    }

    static ModelManifest manifestFor(Path weights, int latentDim) throws IOException {
        return new ModelManifest(ModelManifest.FORMAT, latentDim,
                new ModelManifest.Weights(weights.getFileName().toString(), AutoencoderModel.MODEL_NAME,
                        AutoencoderModel.sha256(weights), Files.size(weights), 0),
                null, Map.of(), null, null);
    }
}
