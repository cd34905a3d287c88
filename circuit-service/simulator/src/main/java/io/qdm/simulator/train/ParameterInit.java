package io.qdm.simulator.train;

import java.util.SplittableRandom;

/** Seeded parameter initialisations (notes §4.1: uniform [0, 2π); §3.4: normal with standard deviation σ). */
public final class ParameterInit {
  private ParameterInit() {}

  /** θ_i ~ U[0, 2π) (authors' {@code torch.rand(...)·2π}). */
  public static double[] uniformAngles(int count, long seed) {
    SplittableRandom rng = SeedSequence.stream(seed, 0x1417);
    double[] p = new double[count];
    for (int i = 0; i < count; i++) {
      p[i] = rng.nextDouble() * 2 * Math.PI;
    }
    return p;
  }

  /** θ_i ~ N(0, σ²) (follow-up's {@code randn·init_variance}, σ = 0.7 there). */
  public static double[] normal(int count, double sigma, long seed) {
    SplittableRandom rng = SeedSequence.stream(seed, 0x1418);
    double[] p = new double[count];
    for (int i = 0; i < count; i++) {
      p[i] = sigma * LatentDiffusionPairs.gaussian(rng);
    }
    return p;
  }
}
