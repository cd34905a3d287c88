package io.qdm.simulator.train;

/** {@code torch.optim.lr_scheduler.StepLR} stepped once per epoch: lr(epoch) = lr0·γ^⌊epoch/stepSize⌋. */
public record StepLrSchedule(double initialLr, int stepSize, double gamma) {

  public StepLrSchedule {
    if (!(initialLr > 0) || stepSize < 1 || !(gamma > 0)) {
      throw new IllegalArgumentException("need lr > 0, stepSize ≥ 1, gamma > 0");
    }
  }

  /** Authors' latent model: lr 5e-4, StepLR(20, 0.7) (notes §4.1). */
  public static StepLrSchedule authorsLatent() {
    return new StepLrSchedule(5e-4, 20, 0.7);
  }

  /** Learning rate during the given epoch (0-based), computed as torch does by repeated multiplication. */
  public double lr(int epoch) {
    double lr = initialLr;
    for (int k = 0; k < epoch / stepSize; k++) {
      lr *= gamma;
    }
    return lr;
  }
}
