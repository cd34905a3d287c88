package io.qdm.simulator.train;

/**
 * Optimisation settings.
 *
 * @param learningRate StepLR schedule (per epoch)
 * @param weightDecay Adam L2 weight decay (0 for the authors' latent model, 1e-5 in the follow-up)
 * @param pattern update pattern over timesteps
 * @param seed seed of the ancilla-measurement draws (pair randomness is the pair source's)
 */
public record TrainingConfig(StepLrSchedule learningRate, double weightDecay, UpdatePattern pattern, long seed) {

  /** Authors' latent-model settings (notes §4.1). */
  public static TrainingConfig authorsLatent(long seed) {
    return new TrainingConfig(StepLrSchedule.authorsLatent(), 0.0, UpdatePattern.ONE_STEP_PER_TIMESTEP, seed);
  }
}
