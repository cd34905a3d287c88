package io.qdm.simulator.train;

/**
 * Adam exactly as {@code torch.optim.Adam} (defaults β1 = 0.9, β2 = 0.999, ε = 1e-8, optional L2 weight decay added to
 * the gradient): m ← β1·m + (1−β1)·g; v ← β2·v + (1−β2)·g²; θ ← θ − lr·(m/(1−β1^t)) / (√(v/(1−β2^t)) + ε).
 * The moment vectors and step count are exposed for checkpoints.
 */
public final class AdamOptimizer {
  public static final double BETA1 = 0.9;
  public static final double BETA2 = 0.999;
  public static final double EPSILON = 1e-8;

  private final double[] m;
  private final double[] v;
  private final double weightDecay;
  private long step;

  public AdamOptimizer(int size, double weightDecay) {
    this(new double[size], new double[size], 0, weightDecay);
  }

  /** Restores a saved state (arrays are copied). */
  public AdamOptimizer(double[] m, double[] v, long step, double weightDecay) {
    if (m.length != v.length) {
      throw new IllegalArgumentException("moment lengths differ");
    }
    this.m = m.clone();
    this.v = v.clone();
    this.step = step;
    this.weightDecay = weightDecay;
  }

  /** One update of {@code params} in place with gradient {@code grad} and learning rate {@code lr}. */
  public void step(double[] params, double[] grad, double lr) {
    step++;
    double bc1 = 1 - Math.pow(BETA1, step);
    double bc2 = 1 - Math.pow(BETA2, step);
    double stepSize = lr / bc1;
    double sqrtBc2 = Math.sqrt(bc2);
    for (int i = 0; i < params.length; i++) {
      double g = grad[i] + weightDecay * params[i];
      m[i] = BETA1 * m[i] + (1 - BETA1) * g;
      v[i] = BETA2 * v[i] + (1 - BETA2) * g * g;
      double denom = Math.sqrt(v[i]) / sqrtBc2 + EPSILON;
      params[i] -= stepSize * m[i] / denom;
    }
  }

  public double[] firstMoment() {
    return m.clone();
  }

  public double[] secondMoment() {
    return v.clone();
  }

  public long stepCount() {
    return step;
  }

  public double weightDecay() {
    return weightDecay;
  }
}
