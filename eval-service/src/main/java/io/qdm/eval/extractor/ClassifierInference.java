package io.qdm.eval.extractor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;

/**
 * The {@link ClassifierNetwork}'s inference forward pass, computed from the blocks' parameters with cheaper pooling:
 * the same features and logits, bit for bit, in about 60 % of the time.
 *
 * <p>Why: libtorch's {@code max_pool2d} on NCHW float32 takes ~200 µs per image for the first 32×28×28 map on one
 * thread, more than the two convolutions together (measured at 64 and 256 images per pass). Two elementwise
 * {@code maximum}s of strided views (rows, then columns) take ~60 µs for the same windows. Both pick the largest of
 * four floats, which is exact, and ReLU commutes with a maximum ({@code relu(max(a, b)) = max(relu(a), relu(b))}),
 * so ReLU runs after the pooling on a quarter of the values. The convolutions and linear layers are the blocks' own
 * libtorch calls with the blocks' arguments, so they round exactly as before ({@code ClassifierInferenceTest} compares
 * every bit with {@code Block.forward} on the shipped weights).
 *
 * <p>Parameters are read from the blocks on every call, so a model still being trained is evaluated with its current
 * weights. Dropout is the identity at inference. Training keeps using the blocks (max-pool's gradient).
 */
final class ClassifierInference {

    /** Children of the feature block that hold parameters ({@link ClassifierNetwork#classifier()}'s layout). */
    private static final int CONV1 = 0;
    private static final int CONV2 = 3;
    private static final int DENSE = 8;
    /** The head's linear layer (after its dropout). */
    private static final int LOGITS = 1;

    private static final Shape STRIDE = new Shape(1, 1);
    private static final Shape PADDING = new Shape(1, 1);
    private static final Shape DILATION = new Shape(1, 1);

    private ClassifierInference() {
    }

    /**
     * Features and logits of {@code x} {@code (B, 1, 28, 28)}; the results belong to {@code x}'s manager.
     *
     * @return {@code [features (B, 128), logits (B, 10)]}
     */
    static NDList forward(Block features, Block head, NDArray x) {
        NDArray h = Activation.relu(maxPool2x2(conv(features, CONV1, x)));
        h = Activation.relu(maxPool2x2(conv(features, CONV2, h)));
        NDArray f = Activation.relu(dense(features, DENSE, h.reshape(h.getShape().get(0), -1)));
        return new NDList(f, dense(head, LOGITS, f));
    }

    /** Non-overlapping 2×2 max pooling of {@code (B, C, H, W)} with even H and W, as {@code max_pool2d(2, 2)}. */
    static NDArray maxPool2x2(NDArray x) {
        Shape s = x.getShape();
        NDArray windows = x.reshape(s.get(0), s.get(1), s.get(2) / 2, 2, s.get(3) / 2, 2);
        NDArray rows = windows.get(":,:,:,0").maximum(windows.get(":,:,:,1"));
        return rows.get(":,:,:,:,0").maximum(rows.get(":,:,:,:,1"));
    }

    private static NDArray conv(Block parent, int child, NDArray x) {
        Block conv = child(parent, child, Conv2d.class);
        return Conv2d.conv2d(x, param(conv, "weight"), param(conv, "bias"), STRIDE, PADDING, DILATION, 1)
                .singletonOrThrow();
    }

    private static NDArray dense(Block parent, int child, NDArray x) {
        Block linear = child(parent, child, Linear.class);
        return Linear.linear(x, param(linear, "weight"), param(linear, "bias")).singletonOrThrow();
    }

    private static Block child(Block parent, int index, Class<? extends Block> type) {
        Block child = parent.getChildren().get(index).getValue();
        if (!type.isInstance(child)) {
            throw new IllegalStateException("classifier child " + index + " is a " + child.getClass().getSimpleName()
                    + ", not a " + type.getSimpleName() + ": ClassifierNetwork's layout changed without this class");
        }
        return child;
    }

    private static NDArray param(Block block, String name) {
        return block.getParameters().get(name).getArray();
    }
}
