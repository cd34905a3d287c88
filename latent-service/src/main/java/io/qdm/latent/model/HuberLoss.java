package io.qdm.latent.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;

/**
 * {@code torch.nn.HuberLoss(delta)} with mean reduction, the authors' reconstruction loss (paper notes §5, δ = 1):
 * per element ½d² if |d| < δ, else δ(|d| − ½δ), averaged over every element of the batch.
 *
 * <p>For images in [0, 1] and δ = 1 every |d| is below δ, so the loss equals ½·MSE exactly.
 */
public final class HuberLoss extends Loss {
    private final float delta;

    public HuberLoss(float delta) {
        super("HuberLoss");
        if (!(delta > 0) || !Float.isFinite(delta)) {
            throw new IllegalArgumentException("delta: " + delta + " must be a positive finite number");
        }
        this.delta = delta;
    }

    public float delta() {
        return delta;
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        return elementwise(labels.singletonOrThrow(), predictions.singletonOrThrow()).mean();
    }

    /** Per-element Huber loss, same shape as the inputs. */
    public NDArray elementwise(NDArray target, NDArray prediction) {
        NDArray d = prediction.sub(target).abs();
        NDArray quadratic = d.square().mul(0.5f);
        NDArray linear = d.sub(0.5f * delta).mul(delta);
        return NDArrays.where(d.lt(delta), quadratic, linear);
    }
}
