package io.qdm.latent.model;

import ai.djl.ndarray.NDArray;
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
 * <p>Decoder, identical to the authors' as well: Linear(128)-ReLU, Linear(2304)-ReLU, unflatten (256, 3, 3), then
 * {@code ConvTranspose2d(k=3, s=2)} three times as {@link TransposedConv2d} (DJL's PyTorch engine has none of its own,
 * djl-offline.md P2): 256→128, p0, op0 [3→7], BN, ReLU; 128→64, p1, op1 [7→14], BN, ReLU; 64→1, p1, op1 [14→28],
 * sigmoid: outputs in [0, 1]. 668,161 trainable parameters (paper notes §5), weights in PyTorch's layouts.
 */
public final class AutoencoderNetwork {
    /** Index of the encoder among the root block's children. */
    public static final int ENCODER = 0;
    /** Index of the decoder among the root block's children. */
    public static final int DECODER = 1;
    /** {@code F.normalize}'s default epsilon: a zero vector stays zero instead of dividing by zero. */
    static final float NORMALIZE_EPS = 1e-12f;
    /** BatchNorm's ε: PyTorch's {@code BatchNorm2d} default (and DJL's), named because {@link ServedDecoder} needs it. */
    static final float BATCH_NORM_EPS = 1e-5f;
    /** The decoder's unflattened map (C, side, side) after its second linear layer. */
    static final int DECODER_MAP_CHANNELS = 256;
    static final int DECODER_MAP_SIDE = 3;

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
                .add(conv(128, 3, 2, 1)).add(batchNorm()).add(Activation.reluBlock())
                .add(conv(256, 3, 2, 0)).add(Activation.reluBlock())
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(128).build()).add(Activation.reluBlock())
                .add(Linear.builder().setUnits(config.latentDim()).build())
                .addSingleton(AutoencoderNetwork::normalizeAbs, "l2normalize_abs");
    }

    static SequentialBlock decoder(AutoencoderConfig config) {
        return new SequentialBlock()
                .add(Linear.builder().setUnits(128).build()).add(Activation.reluBlock())
                .add(Linear.builder().setUnits(DECODER_MAP_CHANNELS * DECODER_MAP_SIDE * DECODER_MAP_SIDE).build())
                .add(Activation.reluBlock())
                .addSingleton(x -> x.reshape(new Shape(-1, DECODER_MAP_CHANNELS, DECODER_MAP_SIDE, DECODER_MAP_SIDE)),
                        "unflatten")
                .add(new TransposedConv2d(DECODER_MAP_CHANNELS, 128, 0, 0)) // 3 → 7
                .add(batchNorm()).add(Activation.reluBlock())
                .add(new TransposedConv2d(128, 64, 1, 1)) // 7 → 14
                .add(batchNorm()).add(Activation.reluBlock())
                .add(new TransposedConv2d(64, 1, 1, 1)) // 14 → 28
                .add(Activation.sigmoidBlock());
    }

    private static Block batchNorm() {
        return BatchNorm.builder().optEpsilon(BATCH_NORM_EPS).build();
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
}
