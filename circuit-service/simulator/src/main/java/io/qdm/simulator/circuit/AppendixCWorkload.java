package io.qdm.simulator.circuit;

import io.qdm.simulator.gate.Gate;
import io.qdm.simulator.gate.GateKind;
import io.qdm.simulator.state.ComplexVector;
import java.util.ArrayList;
import java.util.List;

/**
 * The standard benchmark workload of perf-notes Appendix C: L layers of RY(θ(l,q)) on every qubit, RZ(φ(l,q)) on
 * every qubit, then CNOT(q, (q+1) mod n) for q = 0..n−1, on a deterministic "random" input state.
 *
 * <p>Appendix C numbers qubits little-endian (qubit q = bit q of the index). Here qubit q is placed on wire
 * n−1−q, which is bit q in our big-endian convention, so amplitudes and the printed ⟨Z0⟩ values match exactly.
 */
public final class AppendixCWorkload {
  /** L = 20 as in the notes. */
  public static final int LAYERS = 20;

  private AppendixCWorkload() {}

  static double frac(double x) {
    return x - Math.floor(x);
  }

  /** RY angle θ(l, q). */
  public static double theta(int l, int q) {
    return 2 * Math.PI * frac((131.0 * l + 17.0 * q + 1) * 0.6180339887498949);
  }

  /** RZ angle φ(l, q). */
  public static double phi(int l, int q) {
    return 2 * Math.PI * frac((71.0 * l + 29.0 * q + 3) * 0.7548776662466927);
  }

  /** The circuit with fixed angles (no trainable parameters). */
  public static Circuit circuit(int n, int layers) {
    List<Gate> gates = new ArrayList<>();
    for (int l = 0; l < layers; l++) {
      for (int q = 0; q < n; q++) {
        gates.add(Gate.fixed(GateKind.RY, new int[] {wire(n, q)}, theta(l, q)));
      }
      for (int q = 0; q < n; q++) {
        gates.add(Gate.fixed(GateKind.RZ, new int[] {wire(n, q)}, phi(l, q)));
      }
      if (n > 1) {
        for (int q = 0; q < n; q++) {
          gates.add(Gate.fixed(GateKind.CNOT, new int[] {wire(n, q), wire(n, (q + 1) % n)}));
        }
      }
    }
    return new Circuit(n, 0, gates);
  }

  /** ψ[k] = (frac((k+1)·0.7548…) − ½) + i·(frac((k+1)·0.5698…) − ½), normalised; k is the plain index. */
  public static ComplexVector initialState(int n) {
    int dim = 1 << n;
    double[] re = new double[dim];
    double[] im = new double[dim];
    for (int k = 0; k < dim; k++) {
      re[k] = frac((k + 1) * 0.7548776662466927) - 0.5;
      im[k] = frac((k + 1) * 0.5698402909980532) - 0.5;
    }
    return new ComplexVector(re, im).normalised();
  }

  /** Batch member b: ψ_b[k] = ψ[k]·e^{i·0.001·b·(k+1)}. */
  public static ComplexVector batchState(int n, int b) {
    ComplexVector psi = initialState(n);
    double[] re = new double[psi.length()];
    double[] im = new double[psi.length()];
    for (int k = 0; k < re.length; k++) {
      double a = 0.001 * b * (k + 1);
      double c = Math.cos(a), s = Math.sin(a);
      re[k] = psi.re(k) * c - psi.im(k) * s;
      im[k] = psi.re(k) * s + psi.im(k) * c;
    }
    return new ComplexVector(re, im);
  }

  /**
   * Flop count used for GFLOP/s: 14 flops per amplitude per generic (fused) 1-qubit gate, i.e. one fused RZ·RY per
   * qubit per layer; CNOT permutations count 0 (perf-notes §6).
   */
  public static double flopsPerState(int n, int layers) {
    return 14.0 * (1L << n) * n * layers;
  }

  private static int wire(int n, int q) {
    return n - 1 - q;
  }
}
