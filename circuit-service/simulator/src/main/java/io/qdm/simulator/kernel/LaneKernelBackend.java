package io.qdm.simulator.kernel;

/**
 * The hot kernels of the lane layout (see {@link LaneKernels} for the layout and conventions), implemented by sibling
 * backends and chosen in one place, {@link LaneKernelBackends#selected()} (qsim {@code simmux.h} style).
 */
public interface LaneKernelBackend {

  /** Backend name for reports ("scalar", "vector-256" ...). */
  String name();

  /** In place ψ ← U·ψ for a 2×2 U on {@code wire} of every lane. */
  void applySingleQubit(double[] re, double[] im, int numQubits, int lanes, int wire, double[] u);

  /**
   * The fused adjoint backward step for a 2×2 gate U: ψ ← U†ψ', λ ← U†λ' and
   * {@code m[2(2a+b)] + i·m[2(2a+b)+1] = Σ conj(λ'_a)·ψ_b} summed over all pairs and all lanes, in an order that
   * depends only on the arguments (deterministic). {@code m} (length 8) is overwritten.
   */
  void backwardSingleQubit(double[] psiRe, double[] psiIm, double[] lamRe, double[] lamIm,
      int numQubits, int lanes, int wire, double[] u, double[] m);
}
