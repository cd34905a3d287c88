package io.qdm.latent.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The decoder's inference pass for a loaded model (frozen weights), with the same bits as DJL's
 * {@code decoder.forward} and about a quarter less work.
 *
 * <p>The block-by-block pass hands each transposed convolution's output to libtorch as an NCHW view of channels-last
 * memory, runs batch norm and ReLU there as two more passes over the map, and copies the maps into and out of Java
 * arrays whole. Here the three transposed convolutions stay channels-last from GEMM to GEMM: each layer's output is
 * written, image by image, straight into the native array the next GEMM reads, with batch norm and ReLU applied on
 * the way ({@link BatchNormRelu}, libtorch's exact arithmetic). The two linear layers, the unflatten and the final
 * sigmoid are the blocks' own calls, the linear layers on a multiple of {@link #DENSE_ROW_MULTIPLE} rows and the
 * sigmoid on a multiple of {@link #SIGMOID_IMAGE_MULTIPLE} images, so that a row's bits do not depend on its batch.
 * {@code ServedDecoderTest} compares every output bit with the block pass on the same padded rows.
 *
 * <p>Layout it expects, {@link AutoencoderNetwork#decoder}'s: Linear, ReLU, Linear, ReLU, unflatten, then
 * (TransposedConv2d, BatchNorm, ReLU) twice, then TransposedConv2d and sigmoid. Anything else is refused at
 * construction.
 */
final class ServedDecoder {

    /**
     * The linear layers run on a multiple of this many rows (zero rows appended, their outputs dropped). libtorch's
     * {@code linear} (MKL, weight transposed, bias as the GEMM's C) rounds a row differently with the row count on
     * some CPUs: on an AVX-512 Xeon, 1–5 rows differed from the same rows in a batch of 256, and so did the last row
     * of every odd count (7, 9, 31, 33, 63, 65, 255), which broke gRPC-vs-Kafka byte identity. Multiples of 8 gave
     * the bits of 256-row batches there; the transposed convolutions' plain GEMMs were row-independent for every
     * image count (DecodeBatchDeterminismTest covers both on the machine it runs on).
     */
    static final int DENSE_ROW_MULTIPLE = 8;

    /**
     * The sigmoid runs on a multiple of this many images (zero images appended, dropped after). libtorch's element-wise
     * kernels take whole vectors in pairs (32 floats with AVX-512) and the remainder with scalar code that rounds
     * differently: with an odd image count, 784·B leaves 16 floats of the last image to the scalar loop. Four images
     * are 3,136 floats, 49 pairs of 512-bit vectors.
     */
    static final int SIGMOID_IMAGE_MULTIPLE = 4;

    /** Children before the first transposed convolution: the linear layers and the unflatten, run as blocks. */
    private static final int FIRST_CONV = 5;
    private static final int SIGMOID = 12;

    private final List<Block> dense;
    private final List<Layer> layers;
    private final Block sigmoid;

    /** One transposed convolution and what follows it (null: nothing before the sigmoid). */
    private record Layer(TransposedConv2d conv, float[] bias, BatchNormRelu norm) {
    }

    private ServedDecoder(List<Block> dense, List<Layer> layers, Block sigmoid) {
        this.dense = dense;
        this.layers = layers;
        this.sigmoid = sigmoid;
    }

    /**
     * A served form of a trained decoder whose transposed convolutions are frozen.
     *
     * @throws IllegalStateException if the decoder's layout is not {@link AutoencoderNetwork#decoder}'s
     */
    static ServedDecoder of(SequentialBlock decoder) {
        List<Block> children = new ArrayList<>();
        decoder.getChildren().forEach(p -> children.add(p.getValue()));
        if (children.size() != SIGMOID + 1) {
            throw new IllegalStateException("decoder has " + children.size() + " children, the served decoder "
                    + "knows the " + (SIGMOID + 1) + " of AutoencoderNetwork.decoder");
        }
        TransposedConv2d first = conv(children, FIRST_CONV);
        TransposedConv2d second = conv(children, FIRST_CONV + 3);
        TransposedConv2d third = conv(children, FIRST_CONV + 6);
        int side1 = first.outputSize(AutoencoderNetwork.DECODER_MAP_SIDE);
        int side2 = second.outputSize(side1);
        List<Layer> layers = List.of(
                new Layer(first, first.biasValues(), BatchNormRelu.of(children.get(FIRST_CONV + 1),
                        AutoencoderNetwork.BATCH_NORM_EPS, side1 * side1)),
                new Layer(second, second.biasValues(), BatchNormRelu.of(children.get(FIRST_CONV + 4),
                        AutoencoderNetwork.BATCH_NORM_EPS, side2 * side2)),
                new Layer(third, third.biasValues(), null));
        if (layers.get(2).bias().length != 1) {
            throw new IllegalStateException("the last transposed convolution has " + layers.get(2).bias().length
                    + " output channels, images have 1");
        }
        for (Layer l : layers) {
            if (l.norm() != null && l.norm().channels() != l.bias().length) {
                throw new IllegalStateException("batch norm over " + l.norm().channels() + " channels after "
                        + l.conv());
            }
        }
        return new ServedDecoder(List.copyOf(children.subList(0, FIRST_CONV)), layers, children.get(SIGMOID));
    }

    private static TransposedConv2d conv(List<Block> children, int index) {
        if (!(children.get(index) instanceof TransposedConv2d conv)) {
            throw new IllegalStateException("decoder child " + index + " is a "
                    + children.get(index).getClass().getSimpleName() + ", not a TransposedConv2d");
        }
        return conv;
    }

    /**
     * Images {@code (B, 1, 28, 28)}, row-major, of the latents {@code z (B, d)}; every intermediate array belongs to
     * {@code z}'s manager.
     */
    float[] decode(NDManager manager, NDArray z) {
        ParameterStore ps = new ParameterStore(manager, false);
        int batch = Math.toIntExact(z.getShape().get(0));
        int denseRows = roundUp(batch, DENSE_ROW_MULTIPLE);
        NDArray x = denseRows == batch ? z
                : z.concat(manager.zeros(new Shape(denseRows - batch, z.getShape().get(1)), z.getDataType()), 0);
        for (Block b : dense) {
            x = b.forward(ps, new NDList(x), false).singletonOrThrow();
        }
        if (denseRows != batch) {
            x = x.get(new NDIndex("0:" + batch));
        }
        // (B, C, H, W) → channels-last rows (B·H·W, C), as TransposedConv2d's GEMM lays them out
        int h = Math.toIntExact(x.getShape().get(2));
        int w = Math.toIntExact(x.getShape().get(3));
        NDArray map = x.transpose(0, 2, 3, 1);
        for (Layer l : layers) {
            NDArray rows = map.reshape((long) batch * h * w, map.getShape().get(3));
            map = l.conv().servedForwardChannelsLast(rows, batch, h, w, l.bias(), l.norm());
            h = l.conv().outputSize(h);
            w = l.conv().outputSize(w);
        }
        // (B, 28, 28, 1) is (B, 1, 28, 28) in memory
        NDArray images = map.reshape(batch, 1, h, w);
        int sigmoidImages = roundUp(batch, SIGMOID_IMAGE_MULTIPLE);
        if (sigmoidImages != batch) {
            images = images.concat(manager.zeros(new Shape(sigmoidImages - batch, 1, h, w), images.getDataType()), 0);
        }
        float[] pixels = sigmoid.forward(ps, new NDList(images), false).singletonOrThrow().toFloatArray();
        return sigmoidImages == batch ? pixels : Arrays.copyOf(pixels, batch * h * w);
    }

    /** {@code n} rounded up to a multiple of {@code multiple}: the padded row or image count of a stage. */
    static int roundUp(int n, int multiple) {
        return (n + multiple - 1) / multiple * multiple;
    }
}
