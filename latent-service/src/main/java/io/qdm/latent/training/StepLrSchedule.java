package io.qdm.latent.training;

import ai.djl.training.tracker.Tracker;

/**
 * {@code torch.optim.lr_scheduler.StepLR(step_size, gamma)} stepped once per epoch: the learning rate during epoch
 * {@code e} (0-based) is {@code base · gamma^floor(e / stepEpochs)}. Keyed on the epoch rather than DJL's update
 * counter, so a resumed run (whose optimizer restarts its counter) gets the right rate.
 */
public final class StepLrSchedule implements Tracker {
    private final double base;
    private final int stepEpochs;
    private final double gamma;
    private volatile int epoch;

    public StepLrSchedule(double base, int stepEpochs, double gamma) {
        this.base = base;
        this.stepEpochs = stepEpochs;
        this.gamma = gamma;
    }

    /** Sets the 0-based epoch about to be trained. */
    public void setEpoch(int epoch) {
        this.epoch = epoch;
    }

    /** Learning rate in epoch {@code e}. */
    public float rateAt(int e) {
        return (float) (base * Math.pow(gamma, e / stepEpochs));
    }

    @Override
    public float getNewValue(int numUpdate) {
        return rateAt(epoch);
    }
}
