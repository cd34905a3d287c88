package io.qdm.latent.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import com.google.gson.Gson;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link TransposedConv2d} against PyTorch's {@code F.conv_transpose2d} (vectors written by
 * {@code bench/peers/conv_transpose_reference.py}): outputs and the autograd gradients of {@code sum(output · r)} with
 * respect to input, weight and bias, for the three configurations of the authors' decoder.
 */
class TransposedConv2dTest {
    /** float32 results of a different summation order: |diff| ≤ this (outputs: sums of ≤ 4·C_in products). */
    static final double TOL_F32 = 1e-5;
    /**
     * Gradients are sums over up to thousands of terms (dL/dbias over B·H_out·W_out values of r, magnitude ~100), so
     * they are compared relative to their size: |diff| ≤ TOL_F32 · max(1, |expected|).
     */
    static final boolean RELATIVE = true;
    static final String RESOURCE = "/reference/conv-transpose-reference.json";

    record Case(String name, int batch, int inChannels, int outChannels, int height, int width, int padding,
            int outputPadding, List<Long> outputShape, float[] input, float[] weight, float[] bias, float[] output,
            float[] r, float[] gradInput, float[] gradWeight, float[] gradBias) {
    }

    record Reference(String torch, long seed, List<Case> cases) {
    }

    static Reference reference() throws IOException {
        try (InputStream in = TransposedConv2dTest.class.getResourceAsStream(RESOURCE)) {
            assertThat(in).as(RESOURCE).isNotNull();
            return new Gson().fromJson(new InputStreamReader(in, StandardCharsets.UTF_8), Reference.class);
        }
    }

    @Test
    void outputsAndGradientsMatchPyTorchForEveryDecoderConfiguration() throws IOException {
        Reference ref = reference();
        assertThat(ref.cases()).extracting(Case::name).containsExactly("3to7_p0_op0", "7to14_p1_op1",
                "14to28_p1_op1", "14to28_p1_op1_c64to1");
        int checked = 0;
        for (Case c : ref.cases()) {
            try (NDManager m = NDManager.newBaseManager()) {
                TransposedConv2d block = new TransposedConv2d(c.inChannels(), c.outChannels(), c.padding(),
                        c.outputPadding());
                Shape inShape = new Shape(c.batch(), c.inChannels(), c.height(), c.width());
                block.initialize(m, DataType.FLOAT32, inShape);
                NDArray w = block.getParameters().get("weight").getArray();
                NDArray b = block.getParameters().get("bias").getArray();
                assertThat(w.getShape()).isEqualTo(new Shape(c.inChannels(), c.outChannels(), 3, 3));
                assertThat(b.getShape()).isEqualTo(new Shape(c.outChannels()));
                w.set(FloatBuffer.wrap(c.weight()));
                b.set(FloatBuffer.wrap(c.bias()));
                NDArray x = m.create(c.input(), inShape);
                x.setRequiresGradient(true);
                Shape outShape = new Shape(c.outputShape().stream().mapToLong(Long::longValue).toArray());
                assertThat(block.getOutputShapes(new Shape[] {inShape})[0]).as(c.name()).isEqualTo(outShape);
                NDArray y;
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    y = block.forward(new ParameterStore(m, false), new NDList(x), true).singletonOrThrow();
                    gc.backward(y.mul(m.create(c.r(), outShape)).sum());
                }
                assertThat(y.getShape()).as(c.name()).isEqualTo(outShape);
                assertClose(c.name() + " output", y.toFloatArray(), c.output(), !RELATIVE);
                assertClose(c.name() + " dL/dx", x.getGradient().toFloatArray(), c.gradInput(), RELATIVE);
                assertClose(c.name() + " dL/dweight", w.getGradient().toFloatArray(), c.gradWeight(), RELATIVE);
                assertClose(c.name() + " dL/dbias", b.getGradient().toFloatArray(), c.gradBias(), RELATIVE);
                checked++;
            }
        }
        assertThat(checked).isEqualTo(4);
    }

    @Test
    void outputSizesAreTheDecodersAndUnsupportedSettingsThrow() {
        assertThat(new TransposedConv2d(256, 128, 0, 0).outputSize(3)).isEqualTo(7);
        assertThat(new TransposedConv2d(128, 64, 1, 1).outputSize(7)).isEqualTo(14);
        assertThat(new TransposedConv2d(64, 1, 1, 1).outputSize(14)).isEqualTo(28);
        assertThatThrownBy(() -> new TransposedConv2d(4, 4, 2, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("padding");
        assertThatThrownBy(() -> new TransposedConv2d(0, 4, 0, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("channels");
        try (NDManager m = NDManager.newBaseManager()) {
            TransposedConv2d block = new TransposedConv2d(4, 2, 1, 1);
            assertThatThrownBy(() -> block.initialize(m, DataType.FLOAT32, new Shape(1, 3, 7, 7)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("(B, 4, H, W)");
        }
    }

    /**
     * The served layer (frozen weights: the GEMM layout kept, the overlap-add in Java, {@link PhaseOverlapAdd}) gives
     * exactly the bits of the NDArray path, for all three decoder configurations, on the PyTorch reference inputs and
     * on their negatives (so outputs of both signs, and the sign of zero, are covered).
     */
    @Test
    void theServedLayerGivesTheNdArrayPathsBitsInEveryDecoderConfiguration() throws IOException {
        for (Case c : reference().cases()) {
            try (NDManager m = NDManager.newBaseManager()) {
                Shape inShape = new Shape(c.batch(), c.inChannels(), c.height(), c.width());
                TransposedConv2d live = block(c, m);
                TransposedConv2d served = block(c, m);
                served.freezeWeights();
                for (NDArray x : List.of(m.create(c.input(), inShape), m.create(c.input(), inShape).neg())) {
                    float[] expected = infer(live, m, x);
                    float[] actual = served(served, x);
                    assertThat(actual).as(c.name()).hasSize(expected.length);
                    for (int i = 0; i < expected.length; i++) {
                        assertThat(Float.floatToRawIntBits(actual[i])).as("%s element %d", c.name(), i)
                                .isEqualTo(Float.floatToRawIntBits(expected[i]));
                    }
                }
                assertClose(c.name() + " served output", served(served, m.create(c.input(), inShape)), c.output(),
                        !RELATIVE);
            }
        }
    }

    /**
     * Inference with frozen weights (a served model) keeps the weight's GEMM layout: same bits as the unfrozen block
     * (the PyTorch reference case), and an unfrozen block still follows an in-place weight update (the optimiser's),
     * which a kept layout would miss.
     */
    @Test
    void frozenWeightsGiveTheSameBitsAndUnfrozenBlocksFollowInPlaceUpdates() throws IOException {
        Case c = reference().cases().get(1);
        try (NDManager m = NDManager.newBaseManager()) {
            Shape inShape = new Shape(c.batch(), c.inChannels(), c.height(), c.width());
            TransposedConv2d live = block(c, m);
            TransposedConv2d frozen = block(c, m);
            frozen.freezeWeights();
            NDArray x = m.create(c.input(), inShape);
            float[] expected = infer(live, m, x);
            assertClose("unfrozen output", expected, c.output(), !RELATIVE);
            assertThat(infer(frozen, m, x)).containsExactly(expected);
            assertThat(infer(frozen, m, x)).as("second pass, kept layout").containsExactly(expected);

            NDArray w = live.getParameters().get("weight").getArray();
            w.muli(2); // in place, as an optimiser step
            float[] doubled = infer(live, m, x);
            float[] bias = c.bias();
            int plane = doubled.length / c.batch() / c.outChannels();
            for (int i = 0; i < doubled.length; i++) {
                float b = bias[(i / plane) % c.outChannels()];
                // 2·(y − b) + b, exact in float32 up to one rounding of each side
                assertThat((double) doubled[i]).as("element %d", i)
                        .isCloseTo(2.0 * ((double) expected[i] - b) + b, org.assertj.core.api.Assertions.within(1e-5));
            }
        }
    }

    /** A block of the case's configuration holding the case's weight and bias. */
    private static TransposedConv2d block(Case c, NDManager m) {
        TransposedConv2d block = new TransposedConv2d(c.inChannels(), c.outChannels(), c.padding(), c.outputPadding());
        block.initialize(m, DataType.FLOAT32, new Shape(c.batch(), c.inChannels(), c.height(), c.width()));
        block.getParameters().get("weight").getArray().set(FloatBuffer.wrap(c.weight()));
        block.getParameters().get("bias").getArray().set(FloatBuffer.wrap(c.bias()));
        return block;
    }

    /** The served layer on x (B, C_in, H, W), back in NCHW order. */
    private static float[] served(TransposedConv2d block, NDArray x) {
        Shape s = x.getShape();
        int batch = Math.toIntExact(s.get(0));
        int h = Math.toIntExact(s.get(2));
        int w = Math.toIntExact(s.get(3));
        NDArray rows = x.transpose(0, 2, 3, 1).reshape((long) batch * h * w, s.get(1));
        return block.servedForwardChannelsLast(rows, batch, h, w, block.biasValues(), null).transpose(0, 3, 1, 2)
                .toFloatArray();
    }

    private static float[] infer(TransposedConv2d block, NDManager m, NDArray x) {
        return block.forward(new ParameterStore(m, false), new NDList(x), false).singletonOrThrow().toFloatArray();
    }

    static void assertClose(String what, float[] actual, float[] expected, boolean relative) {
        assertThat(actual).as(what + " length").hasSize(expected.length);
        double worst = 0;
        int at = -1;
        for (int i = 0; i < expected.length; i++) {
            double d = Math.abs((double) actual[i] - expected[i]);
            if (relative) {
                d /= Math.max(1, Math.abs(expected[i]));
            }
            if (d > worst) {
                worst = d;
                at = i;
            }
        }
        assertThat(worst).as(what + (relative ? ": max relative" : ": max") + " |diff| at index " + at).isLessThanOrEqualTo(TOL_F32);
    }
}
