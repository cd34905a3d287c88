package io.qdm.simulator.train;

/** Receives progress reports; return {@code false} to stop training after the current step (cancellation). */
@FunctionalInterface
public interface TrainingListener {
  boolean onStep(TrainingProgress progress);
}
