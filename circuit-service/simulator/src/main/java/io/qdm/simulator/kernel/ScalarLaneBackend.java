package io.qdm.simulator.kernel;

/** Plain-Java backend (explicit {@link Math#fma}); always available; the reference for the vector backend. */
public final class ScalarLaneBackend implements LaneKernelBackend {
  private final ThreadLocal<double[]> perLane = ThreadLocal.withInitial(() -> new double[8 * 64]);

  @Override
  public String name() {
    return "scalar";
  }

  @Override
  public void applySingleQubit(double[] re, double[] im, int offset, int numQubits, int lanes, int wire, double[] u,
      int from, int to) {
    LaneKernels.applySingleQubit(re, im, offset, numQubits, lanes, wire, u, from, to);
  }

  @Override
  public void backwardSingleQubit(double[] psiRe, double[] psiIm, double[] lamRe, double[] lamIm, int offset,
      int numQubits, int lanes, int wire, double[] u, double[] m) {
    double[] work = perLane.get();
    if (work.length < 8 * lanes) {
      work = new double[8 * lanes];
      perLane.set(work);
    }
    java.util.Arrays.fill(work, 0, 8 * lanes, 0.0);
    LaneKernels.backwardSingleQubit(psiRe, psiIm, lamRe, lamIm, offset, numQubits, lanes, wire, u, work);
    for (int e = 0; e < 8; e++) {
      double s = 0;
      for (int l = 0; l < lanes; l++) {
        s += work[e * lanes + l];
      }
      m[e] = s;
    }
  }

  @Override
  public void backwardSingleQubitCompact(double[] psiRe, double[] psiIm, double[] lamRe, double[] lamIm, int offset,
      int numQubits, int lanes, int wire, double[] u, double[] s) {
    LaneKernels.backwardSingleQubitCompact(psiRe, psiIm, lamRe, lamIm, offset, numQubits, lanes, wire, u, s);
  }
}
