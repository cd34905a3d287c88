package io.qdm.eval.extractor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import io.qdm.datasets.DataDirectory;
import io.qdm.datasets.DatasetId;
import io.qdm.datasets.DatasetSplit;
import io.qdm.eval.data.LabelledImages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The served forward pass against DJL's {@code Block.forward} on the shipped weights: every bit of every feature and
 * logit, on real MNIST digits and on inputs of both signs (which exercise ReLU after the pooling on negative maps).
 */
class ClassifierInferenceTest {

    /** More than one chunk, and a partial last chunk. */
    static final int IMAGES = 2 * FeatureExtractor.CHUNK + 44;
    static final long SEED = 20261127L;

    static FeatureExtractor extractor;
    static LabelledImages test;
    static Block features;
    static Block head;

    @BeforeAll
    static void load() throws IOException {
        extractor = FeatureExtractor.loadResource("extractors/lenet-mnist");
        test = LabelledImages.load(DataDirectory.resolveDefault(), DatasetId.MNIST, DatasetSplit.TEST);
        features = extractor.djlModel().getBlock().getChildren().get(ClassifierNetwork.FEATURES).getValue();
        head = extractor.djlModel().getBlock().getChildren().get(ClassifierNetwork.HEAD).getValue();
    }

    @AfterAll
    static void close() {
        extractor.close();
    }

    @Test
    void givesBlockForwardsBitsOnMnistDigits() {
        assertSameBits(test.slice(0, IMAGES));
    }

    @Test
    void givesBlockForwardsBitsOnInputsOfBothSigns() {
        SplittableRandom rnd = new SplittableRandom(SEED);
        float[] px = new float[IMAGES * LabelledImages.PIXELS];
        for (int i = 0; i < px.length; i++) {
            px[i] = (float) (rnd.nextDouble() * 4 - 2);
        }
        assertSameBits(px);
    }

    @Test
    void maxPool2x2IsLibtorchsMaxPool2dBitForBit() {
        SplittableRandom rnd = new SplittableRandom(SEED + 1);
        float[] v = new float[3 * 5 * 6 * 8];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) rnd.nextGaussian();
        }
        try (NDManager m = extractor.djlModel().getNDManager().newSubManager()) {
            NDArray x = m.create(v, new Shape(3, 5, 6, 8));
            float[] expected = Pool.maxPool2d(x, new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false)
                    .toFloatArray();
            NDArray actual = ClassifierInference.maxPool2x2(x);
            assertThat(actual.getShape()).isEqualTo(new Shape(3, 5, 3, 4));
            assertThat(bits(actual.toFloatArray())).containsExactly(bits(expected));
        }
    }

    /** {@link ClassifierInference} alone and through {@link FeatureExtractor#extract} (in chunks) vs one block pass. */
    private static void assertSameBits(float[] pixels) {
        int n = pixels.length / LabelledImages.PIXELS;
        try (NDManager m = extractor.djlModel().getNDManager().newSubManager()) {
            NDArray x = m.create(pixels, new Shape(n, 1, LabelledImages.SIDE, LabelledImages.SIDE));
            ParameterStore ps = new ParameterStore(m, false);
            NDArray f = features.forward(ps, new NDList(x), false).singletonOrThrow();
            NDArray logits = head.forward(ps, new NDList(f), false).singletonOrThrow();

            NDList served = ClassifierInference.forward(features, head, x);
            assertThat(bits(served.get(0).toFloatArray())).containsExactly(bits(f.toFloatArray()));
            assertThat(bits(served.get(1).toFloatArray())).containsExactly(bits(logits.toFloatArray()));

            FeatureExtractor.Output out = extractor.extract(pixels, n);
            assertThat(bits(out.features())).containsExactly(bits(f.toFloatArray()));
            assertThat(bits(out.probabilities())).containsExactly(bits(logits.softmax(1).toFloatArray()));
        }
    }

    private static int[] bits(float[] v) {
        int[] b = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = Float.floatToRawIntBits(v[i]);
        }
        return b;
    }
}
