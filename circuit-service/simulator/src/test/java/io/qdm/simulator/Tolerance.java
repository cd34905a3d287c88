package io.qdm.simulator;

/** Test tolerances, named once (EJML {@code UtilEjml.TEST_F64} style). */
public final class Tolerance {
  private Tolerance() {}

  /** Exact double-precision arithmetic on small circuits: amplitudes agree to this. */
  public static final double AMPLITUDE = 1e-12;
  /** Amplitudes against the independent PennyLane/Qiskit reference vectors. */
  public static final double REFERENCE_AMPLITUDE = 1e-10;
  /** Gradients against the independent reference vectors. */
  public static final double REFERENCE_GRADIENT = 1e-8;
  /** Norm-wise relative error of adjoint gradients against central finite differences. */
  public static final double FINITE_DIFFERENCE_RELATIVE = 1e-7;
  /** Central finite-difference step. */
  public static final double FINITE_DIFFERENCE_STEP = 1e-6;
  /** Parameter-shift against adjoint (both exact, only rounding differs). */
  public static final double PARAMETER_SHIFT = 1e-10;
  /** Printed 6-significant-digit reference values of perf-notes Appendix C (relative). */
  public static final double PRINTED_SIX_DIGITS = 5e-6;

  /** ‖a − b‖₂ / max(‖b‖₂, 1e-12): a norm-wise relative error that is robust to near-zero components. */
  public static double normwiseRelativeError(double[] a, double[] b) {
    double diff = 0, ref = 0;
    for (int i = 0; i < a.length; i++) {
      diff += (a[i] - b[i]) * (a[i] - b[i]);
      ref += b[i] * b[i];
    }
    return Math.sqrt(diff) / Math.max(Math.sqrt(ref), 1e-12);
  }
}
