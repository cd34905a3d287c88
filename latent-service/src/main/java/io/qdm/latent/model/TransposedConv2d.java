package io.qdm.latent.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * PyTorch's {@code ConvTranspose2d(C_in, C_out, kernel_size=3, stride=2, padding=p, output_padding=op)}, exactly, for
 * DJL's PyTorch engine, which has no transposed convolution (djl-offline.md P2).
 *
 * <p>Storage: input and output NCHW float32; {@code weight} is {@code (C_in, C_out, 3, 3)} and {@code bias}
 * {@code (C_out)}, PyTorch's own layouts, so parameters copy one-to-one from and to the authors' PyTorch model
 * ({@code A:Autoencoder/neural_network.py}). Output side {@code (H − 1)·2 − 2p + 3 + op}.
 *
 * <p>Computed as a GEMM plus col2im, with ordinary (autograd-tracked) NDArray ops only, so it trains:
 * {@code x (B·H·W, C_in) @ weight (C_in, 9·C_out)} gives every input pixel's 3×3 contribution to every output channel;
 * these are overlap-added into the full {@code (2H+1)×(2W+1)} map by output phase: input row i and tap row k land on
 * full row 2i + k, so even full rows 2m get tap 0 of row m plus tap 2 of row m − 1, odd rows 2m + 1 get tap 1 of row
 * m (each phase is a shifted, zero-padded slice; the two phases are interleaved by a concat on a unit axis + reshape).
 * Columns the same.
 * The full map is then cropped to rows/columns {@code [p, p + out)} (output_padding adds a row/column that receives
 * only the bias) and the bias is added. Multiplies: {@code B·H·W·C_in·C_out·9}, as PyTorch's own kernel.
 *
 * <p>Supported: any C_in, C_out, H, W ≥ 1, padding 0 or 1 and output_padding ≤ padding + 1 (everything the decoder
 * needs; other values throw).
 */
public final class TransposedConv2d extends AbstractBlock {
    /** Kernel side; stride is fixed at 2. */
    public static final int KERNEL = 3;
    private static final byte VERSION = 1;

    private final int inChannels;
    private final int outChannels;
    private final int padding;
    private final int outputPadding;
    private final Parameter weight;
    private final Parameter bias;

    /**
     * @param inChannels    C_in, checked against the input at initialisation
     * @param outChannels   C_out
     * @param padding       PyTorch's {@code padding}: 0 or 1
     * @param outputPadding PyTorch's {@code output_padding}: 0 ≤ op ≤ padding + 1 and op < stride
     */
    public TransposedConv2d(int inChannels, int outChannels, int padding, int outputPadding) {
        super(VERSION);
        if (inChannels < 1 || outChannels < 1) {
            throw new IllegalArgumentException("channels must be ≥ 1, got C_in " + inChannels + ", C_out "
                    + outChannels);
        }
        if (padding < 0 || padding > 1 || outputPadding < 0 || outputPadding > 1) {
            throw new IllegalArgumentException("supported: padding 0..1 and output_padding 0..1 (stride 2), got p "
                    + padding + ", op " + outputPadding);
        }
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.padding = padding;
        this.outputPadding = outputPadding;
        this.weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(inChannels, outChannels, KERNEL, KERNEL)).build());
        this.bias = addParameter(Parameter.builder().setName("bias").setType(Parameter.Type.BIAS)
                .optShape(new Shape(outChannels)).build());
    }

    /** Output side for an input side {@code n}: {@code (n − 1)·2 − 2p + 3 + op}. */
    public int outputSize(long n) {
        return (int) (2 * n + 1 - 2L * padding + outputPadding);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        return new Shape[] {new Shape(s.get(0), outChannels, outputSize(s.get(2)), outputSize(s.get(3)))};
    }

    @Override
    protected void prepare(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        if (s.dimension() != 4 || s.get(1) != inChannels) {
            throw new IllegalArgumentException("TransposedConv2d(" + inChannels + "→" + outChannels
                    + ") needs input (B, " + inChannels + ", H, W), got " + s);
        }
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Device device = x.getDevice();
        NDArray w = parameterStore.getValue(weight, device, training);
        NDArray b = parameterStore.getValue(bias, device, training);
        NDArray matrix = training || !weightsFrozen ? weightMatrix(w) : inferenceWeightMatrix(w);
        return new NDList(forward(x, matrix, w.getShape().get(1), b, padding, outputPadding));
    }

    /**
     * The served layer ({@link ServedDecoder}) on channels-last rows {@code (B·H·W, C_in)} of {@code batch} images of
     * H×W: the same GEMM as {@link #forward}, then {@link PhaseOverlapAdd} in Java instead of the pads, adds, concats
     * and crop (the same bits: TransposedConv2dTest), then {@code epilogue} (null: none), into a new channels-last
     * {@code (B, outH, outW, C_out)} array of the rows' manager. Frozen weights only.
     */
    NDArray servedForwardChannelsLast(NDArray rows, int batch, int h, int w, float[] biasValues,
            PhaseOverlapAdd.ImageEpilogue epilogue) {
        if (!weightsFrozen) {
            throw new IllegalStateException(this + ": served passes need frozen weights (freezeWeights)");
        }
        NDArray taps = rows.matMul(inferenceWeightMatrix(weight.getArray()));
        int outH = outputSize(h);
        int outW = outputSize(w);
        // written in place through direct views of the two native arrays: no copy of the whole batch either way
        NDArray out = taps.getManager().create(new Shape(batch, outH, outW, outChannels), DataType.FLOAT32);
        PhaseOverlapAdd.apply(floats(taps), batch, h, w, outChannels, padding, outH, outW, biasValues, epilogue,
                floats(out));
        return out;
    }

    /** The bias as floats (a served decoder reads it once). */
    float[] biasValues() {
        return bias.getArray().toFloatArray();
    }

    /** A direct view of a contiguous float32 array's native memory. */
    private static FloatBuffer floats(NDArray a) {
        return a.toByteBuffer(true).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    private volatile boolean weightsFrozen;
    private NDArray frozenWeight;
    private NDArray frozenMatrix;

    /**
     * Promises that the weights no longer change (a loaded model that only serves): inference then lays the weight out
     * for the GEMM once instead of on every pass. Training must not call this: the optimiser updates the weight array
     * in place, so a kept layout would go stale.
     */
    public void freezeWeights() {
        weightsFrozen = true;
    }

    /**
     * {@link #weightMatrix} of the frozen weight, computed on first use: re-laying it out on every pass cost two
     * native ops and a 1.2 MB copy (256→128) per call, about half of a one-image decode. The copy belongs to the
     * weight's manager, so it lives and dies with the model. A different weight array (a reload) gets its own copy;
     * the old one is left to the model's manager, as another thread may still be reading it.
     */
    private synchronized NDArray inferenceWeightMatrix(NDArray w) {
        if (frozenWeight != w || frozenMatrix == null || frozenMatrix.isReleased()) {
            NDArray matrix = weightMatrix(w);
            matrix.attach(w.getManager());
            frozenWeight = w;
            frozenMatrix = matrix;
        }
        return frozenMatrix;
    }

    /** {@code w (C_in, C_out, 3, 3)} → {@code (C_in, 9·C_out)}, column (ky, kx, c) = {@code w[:, c, ky, kx]}. */
    static NDArray weightMatrix(NDArray w) {
        Shape s = w.getShape();
        return w.transpose(0, 2, 3, 1).reshape(s.get(0), KERNEL * KERNEL * s.get(1));
    }

    /**
     * The transposed convolution of {@code x (B, C_in, H, W)} with {@code w (C_in, C_out, 3, 3)} and {@code b (C_out)},
     * stride 2; see the class comment.
     */
    static NDArray forward(NDArray x, NDArray w, NDArray b, int padding, int outputPadding) {
        return forward(x, weightMatrix(w), w.getShape().get(1), b, padding, outputPadding);
    }

    /** The same with the weight already laid out by {@link #weightMatrix} ({@code cout} = C_out). */
    static NDArray forward(NDArray x, NDArray weightMatrix, long cout, NDArray b, int padding, int outputPadding) {
        Shape s = x.getShape();
        long batch = s.get(0);
        long h = s.get(2);
        long wd = s.get(3);
        // (B·H·W, C_in) @ (C_in, 9·C_out): column (ky, kx, c) of row (n, i, j) is x[n,:,i,j] · w[:, c, ky, kx]. Taps
        // stay channels-last, so every slice below is a run of whole (kx, c) or c blocks (a channels-first layout
        // with the 3×3 taps outermost made the overlap-add ~2× slower than the GEMM itself). A unit axis after the
        // row axis receives the even/odd phase, so that one split takes the three taps and one concat interleaves
        // the phases. Before, three index ops and a stack did this: the 128→64 layer took 1.28 ms instead of 1.10 on 4 rows
        // and 16.6 instead of 16.0 on 64, with the same bits.
        NDList taps = gemm(x, weightMatrix)
                .reshape(batch, h, 1, wd, KERNEL, KERNEL * cout) // (B, H, 1, W, ky, kx·C_out)
                .split(KERNEL, 4);
        // Rows: full row 2m ← tap 0 at row m + tap 2 at row m−1; full row 2m+1 ← tap 1 at row m; m = 0..H
        // (row 2H+1 is zero).
        NDList rows = NDArrays.concat(new NDList(overlapAdd(taps.get(0), taps.get(2), 1),
                zeroPadded(taps.get(1), 1, 0, 1)), 2)
                .reshape(batch, 2 * h + 2, wd, 1, KERNEL, cout) // (B, 2H+2, W, 1, kx, C_out)
                .split(KERNEL, 4);
        // Columns, the same on axis 2.
        NDArray full = NDArrays.concat(new NDList(overlapAdd(rows.get(0), rows.get(2), 2),
                zeroPadded(rows.get(1), 2, 0, 1)), 3)
                .reshape(batch, 2 * h + 2, 2 * wd + 2, cout); // (B, 2H+2, 2W+2, C_out)
        // Full map rows 0..2H hold every contribution, row 2H+1 is zero: PyTorch's output rows are [p, p + out).
        long outH = 2 * h + 1 - 2L * padding + outputPadding;
        long outW = 2 * wd + 1 - 2L * padding + outputPadding;
        NDArray cropped = full.get(new NDIndex().addAllDim().addSliceDim(padding, padding + outH)
                .addSliceDim(padding, padding + outW));
        return cropped.add(b).transpose(0, 3, 1, 2);
    }

    /**
     * {@code x (B, C_in, H, W)} channels-last as {@code (B·H·W, C_in)}, times the laid-out weight: the taps
     * {@code (B·H·W, 9·C_out)}.
     */
    private static NDArray gemm(NDArray x, NDArray weightMatrix) {
        Shape s = x.getShape();
        return x.transpose(0, 2, 3, 1).reshape(s.get(0) * s.get(2) * s.get(3), s.get(1)).matMul(weightMatrix);
    }

    /**
     * {@code [t0[0], t0[1] + t2[0], …, t0[n−1] + t2[n−2], t2[n−1]]} along {@code axis} (length n + 1): the phase that
     * receives tap 0 of position m and tap 2 of position m − 1. Built as t0 with a zero slice after plus t2 with a
     * zero slice before: three native ops instead of five slices, an add and a concat, with the same sums (each
     * middle element is still t0[m] + t2[m − 1]; the ends add an exact zero).
     */
    private static NDArray overlapAdd(NDArray tap0, NDArray tap2, int axis) {
        return zeroPadded(tap0, axis, 0, 1).add(zeroPadded(tap2, axis, 1, 0));
    }

    /**
     * {@code t} with {@code before} zero slices prepended and {@code after} appended along {@code axis} (the odd phase
     * has one position fewer than the even one, and the overlap-add shifts tap 2 by one).
     */
    private static NDArray zeroPadded(NDArray t, int axis, long before, long after) {
        long[] pad = new long[2 * (t.getShape().dimension() - axis)]; // (before, after) pairs, last axis first
        pad[pad.length - 2] = before;
        pad[pad.length - 1] = after;
        return t.pad(new Shape(pad), 0);
    }



    @Override
    public String toString() {
        return "TransposedConv2d(" + inChannels + "→" + outChannels + ", 3, s2, p" + padding + ", op" + outputPadding
                + ")";
    }
}
