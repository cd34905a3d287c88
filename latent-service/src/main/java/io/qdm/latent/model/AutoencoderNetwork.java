package io.qdm.latent.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;

/**
 * The authors' convolutional autoencoder (paper notes §5, {@code A:Autoencoder/neural_network.py}) as DJL blocks.
 *
 * <p>Block layout: a {@link SequentialBlock} with two children, the encoder ({@link #ENCODER}) and the decoder
 * ({@link #DECODER}); weights files hold the parameters of exactly this structure, so it must not change without a
 * new weights format. Tensors are NCHW float32: images {@code (B, 1, 28, 28)} in [0, 1], latents {@code (B, d)}.
 *
 * <p>Encoder, identical to the authors': Conv(1→64, 3, s2, p1)-ReLU [28→14], Conv(64→128, 3, s2, p1)-BN-ReLU [14→7],
 * Conv(128→256, 3, s2, p0)-ReLU [7→3], flatten (2304), Linear(128)-ReLU, Linear(d), then {@code F.normalize(dim=1)}
 * and {@code abs()}: every latent is a unit-L2, non-negative vector (an amplitude vector on log2(d) qubits).
 *
 * <p>Decoder. The authors use {@code ConvTranspose2d(k=3, s=2)} three times; DJL's PyTorch engine does not implement
 * transposed convolution ({@code UnsupportedOperationException}, djl-offline.md P2). Each one is replaced by a
 * <em>sub-pixel convolution</em>: a stride-1 {@code Conv2d(C_in → 4·C_out, 2×2, p1)} at the input resolution, a crop
 * and a depth-to-space shuffle ×2. A stride-2, 3×3 transposed convolution computes each of the four output phases
 * (even/odd row × even/odd column) from at most a 2×2 input neighbourhood, so this block can represent every such
 * transposed convolution exactly (it has 16/9 as many weights: the taps the transposed kernel would force to zero
 * are free here). It costs about 2.6× the transposed convolution's multiplies, against 5× for the usual
 * nearest-upsample + 3×3 Conv2d replacement. Sizes: 3→(crop last)→7, 7→14, 14→28, as the authors'.
 * BN after the first two, ReLU, final sigmoid: outputs in [0, 1].
 */
public final class AutoencoderNetwork {
    /** Index of the encoder among the root block's children. */
    public static final int ENCODER = 0;
    /** Index of the decoder among the root block's children. */
    public static final int DECODER = 1;
    /** {@code F.normalize}'s default epsilon: a zero vector stays zero instead of dividing by zero. */
    static final float NORMALIZE_EPS = 1e-12f;

    private AutoencoderNetwork() {
    }

    /** The whole autoencoder: encoder then decoder. */
    public static SequentialBlock autoencoder(AutoencoderConfig config) {
        SequentialBlock root = new SequentialBlock();
        root.add(encoder(config));
        root.add(decoder(config));
        return root;
    }

    static SequentialBlock encoder(AutoencoderConfig config) {
        return new SequentialBlock()
                .add(conv(64, 3, 2, 1)).add(Activation.reluBlock())
                .add(conv(128, 3, 2, 1)).add(BatchNorm.builder().build()).add(Activation.reluBlock())
                .add(conv(256, 3, 2, 0)).add(Activation.reluBlock())
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(128).build()).add(Activation.reluBlock())
                .add(Linear.builder().setUnits(config.latentDim()).build())
                .addSingleton(AutoencoderNetwork::normalizeAbs, "l2normalize_abs");
    }

    static SequentialBlock decoder(AutoencoderConfig config) {
        return new SequentialBlock()
                .add(Linear.builder().setUnits(128).build()).add(Activation.reluBlock())
                .add(Linear.builder().setUnits(256 * 3 * 3).build()).add(Activation.reluBlock())
                .addSingleton(x -> x.reshape(new Shape(-1, 256, 3, 3)), "unflatten")
                // ConvTranspose2d(256,128,3,s2,p0,op0): 3 → 7
                .add(conv(4 * 128, 2, 1, 1))
                .addSingleton(x -> depthToSpace(x, 0).get(new NDIndex(":, :, :7, :7")), "shuffle_crop_7")
                .add(BatchNorm.builder().build()).add(Activation.reluBlock())
                // ConvTranspose2d(128,64,3,s2,p1,op1): 7 → 14
                .add(conv(4 * 64, 2, 1, 1))
                .addSingleton(x -> depthToSpace(x, 1), "shuffle_14")
                .add(BatchNorm.builder().build()).add(Activation.reluBlock())
                // ConvTranspose2d(64,1,3,s2,p1,op1): 14 → 28
                .add(conv(4, 2, 1, 1))
                .addSingleton(x -> depthToSpace(x, 1), "shuffle_28")
                .add(Activation.sigmoidBlock());
    }

    private static Block conv(int filters, int kernel, int stride, int padding) {
        return Conv2d.builder()
                .setFilters(filters)
                .setKernelShape(new Shape(kernel, kernel))
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(padding, padding))
                .build();
    }

    /** {@code F.normalize(z, dim=1).abs()}: z / max(‖z‖₂, eps), then element-wise modulus. */
    static NDArray normalizeAbs(NDArray z) {
        NDArray norm = z.norm(new int[] {1}, true).maximum(NORMALIZE_EPS);
        return z.div(norm).abs();
    }

    /**
     * Depth-to-space ×2 of a {@code (B, 4C, H+1, W+1)} 2×2-convolution output, dropping the first {@code skip} rows and
     * columns before shuffling: channel {@code 4c + 2i + j} at position (y, x) becomes output pixel (2y+i, 2x+j) of
     * channel c. Result {@code (B, C, 2(H+1-skip), 2(W+1-skip))}.
     */
    static NDArray depthToSpace(NDArray x, int skip) {
        NDArray in = skip == 0 ? x : x.get(new NDIndex(":, :, " + skip + ":, " + skip + ":"));
        Shape s = in.getShape();
        long b = s.get(0);
        long c = s.get(1) / 4;
        long h = s.get(2);
        long w = s.get(3);
        return in.reshape(new Shape(b, c, 2, 2, h, w))
                .transpose(0, 1, 4, 2, 5, 3)
                .reshape(new Shape(b, c, 2 * h, 2 * w));
    }
}
