package io.qdm.simulator.train;

/**
 * The authors' latent-model noise schedule (notes §2.1, {@code A:Modules/derived_quantities.py}): T steps,
 * β = linspace(β0, βT, T+1) (T+1 values, index 0..T), ᾱ = cumprod(1 − β) (so ᾱ[0] = 1 − β0, not 1).
 */
public record NoiseSchedule(int timesteps, double beta0, double betaT) {

  public NoiseSchedule {
    if (timesteps < 1 || !(beta0 >= 0) || !(betaT < 1)) {
      throw new IllegalArgumentException("need T ≥ 1 and 0 ≤ β < 1, got T=" + timesteps + " β0=" + beta0 + " βT=" + betaT);
    }
  }

  /** T = 8, β0 = 4e-3, βT = 0.4 (notes §2.1). */
  public static NoiseSchedule authorsLatent() {
    return new NoiseSchedule(8, 4e-3, 0.4);
  }

  /** β[i], i = 0..T (numpy linspace: β0 + i·(βT − β0)/T, last value exactly βT). */
  public double beta(int i) {
    if (i < 0 || i > timesteps) {
      throw new IllegalArgumentException("beta index " + i + " outside 0.." + timesteps);
    }
    return i == timesteps ? betaT : beta0 + i * ((betaT - beta0) / timesteps);
  }

  /** ᾱ[i] = Π_{j ≤ i} (1 − β[j]). */
  public double alphaBar(int i) {
    double a = 1;
    for (int j = 0; j <= i; j++) {
      a *= 1 - beta(j);
    }
    return a;
  }
}
