package io.qdm.latent.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;

import java.util.ArrayList;
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
 * sigmoid are the blocks' own calls. {@code ServedDecoderTest} compares every output bit with the block pass.
 *
 * <p>Layout it expects, {@link AutoencoderNetwork#decoder}'s: Linear, ReLU, Linear, ReLU, unflatten, then
 * (TransposedConv2d, BatchNorm, ReLU) twice, then TransposedConv2d and sigmoid. Anything else is refused at
 * construction.
 */
final class ServedDecoder {

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
        NDArray x = z;
        for (Block b : dense) {
            x = b.forward(ps, new NDList(x), false).singletonOrThrow();
        }
        // (B, C, H, W) → channels-last rows (B·H·W, C), as TransposedConv2d's GEMM lays them out
        int batch = Math.toIntExact(x.getShape().get(0));
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
        return sigmoid.forward(ps, new NDList(images), false).singletonOrThrow().toFloatArray();
    }
}
