package io.qdm.eval.extractor;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;

/**
 * The LeNet-style classifier whose penultimate layer is eval-service's default feature space (djl-offline.md §4.2;
 * the PyTorch MNIST example's layers with a second pooling stage).
 *
 * <p>Block layout: a {@link SequentialBlock} with two children, the feature block ({@link #FEATURES}) and the head
 * ({@link #HEAD}); weights files hold exactly this structure. Input {@code (B, 1, 28, 28)} float32 in [0, 1].
 * Features: Conv(32, 3×3, p1)-ReLU-MaxPool2 [28→14], Conv(64, 3×3, p1)-ReLU-MaxPool2 [14→7], flatten (3136),
 * Dropout(0.25), Linear(128)-ReLU = the {@value #FEATURE_DIM}-d feature vector (non-negative). Head: Dropout(0.5),
 * Linear(10) logits. Dropout is active only in training.
 */
public final class ClassifierNetwork {
    public static final int FEATURES = 0;
    public static final int HEAD = 1;
    public static final int FEATURE_DIM = 128;
    public static final int CLASSES = 10;

    private ClassifierNetwork() {
    }

    public static SequentialBlock classifier() {
        SequentialBlock features = new SequentialBlock()
                .add(conv(32)).add(Activation.reluBlock()).add(Pool.maxPool2dBlock(new Shape(2, 2)))
                .add(conv(64)).add(Activation.reluBlock()).add(Pool.maxPool2dBlock(new Shape(2, 2)))
                .add(Blocks.batchFlattenBlock())
                .add(Dropout.builder().optRate(0.25f).build())
                .add(Linear.builder().setUnits(FEATURE_DIM).build()).add(Activation.reluBlock());
        SequentialBlock head = new SequentialBlock()
                .add(Dropout.builder().optRate(0.5f).build())
                .add(Linear.builder().setUnits(CLASSES).build());
        return new SequentialBlock().add(features).add(head);
    }

    private static Block conv(int filters) {
        return Conv2d.builder().setFilters(filters).setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1))
                .build();
    }
}
