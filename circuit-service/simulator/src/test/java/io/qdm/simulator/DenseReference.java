package io.qdm.simulator;

import io.qdm.simulator.circuit.Circuit;
import io.qdm.simulator.gate.ComplexMatrices;
import io.qdm.simulator.gate.Gate;
import io.qdm.simulator.state.ComplexVector;

/**
 * The naive reference used only by tests: every gate becomes its full 2^n×2^n matrix (Kronecker products of 2×2s
 * with wire 0 as the outermost factor for 1-qubit gates; element-wise definition for 2-qubit gates) and states
 * are multiplied by it. Deliberately shares no code with the kernels.
 */
public final class DenseReference {
  private DenseReference() {}

  /** The full matrix of {@code gate} with parameter values {@code values} on n wires. */
  public static double[] fullMatrix(Gate gate, double[] values, int n) {
    double[] u = gate.kind().matrix(values);
    if (gate.kind().qubits() == 1) {
      double[] m = new double[] {1, 0};
      for (int w = 0; w < n; w++) {
        m = ComplexMatrices.kron(m, w == gate.wires()[0] ? u : ComplexMatrices.identity(2));
      }
      return m;
    }
    int dim = 1 << n;
    int b0 = n - 1 - gate.wires()[0];
    int b1 = n - 1 - gate.wires()[1];
    int mask = (1 << b0) | (1 << b1);
    double[] m = new double[2 * dim * dim];
    for (int i = 0; i < dim; i++) {
      for (int j = 0; j < dim; j++) {
        if ((i & ~mask) != (j & ~mask)) {
          continue;
        }
        int li = 2 * ((i >> b0) & 1) + ((i >> b1) & 1);
        int lj = 2 * ((j >> b0) & 1) + ((j >> b1) & 1);
        m[2 * (i * dim + j)] = u[2 * (li * 4 + lj)];
        m[2 * (i * dim + j) + 1] = u[2 * (li * 4 + lj) + 1];
      }
    }
    return m;
  }

  /** M·v. */
  public static ComplexVector multiply(double[] m, ComplexVector v) {
    int d = v.length();
    double[] r = new double[d];
    double[] im = new double[d];
    for (int i = 0; i < d; i++) {
      double sr = 0, si = 0;
      for (int j = 0; j < d; j++) {
        double mr = m[2 * (i * d + j)], mi = m[2 * (i * d + j) + 1];
        sr += mr * v.re(j) - mi * v.im(j);
        si += mr * v.im(j) + mi * v.re(j);
      }
      r[i] = sr;
      im[i] = si;
    }
    return new ComplexVector(r, im);
  }

  /** Applies a whole circuit gate by gate with dense matrices. */
  public static ComplexVector run(Circuit c, double[] params, ComplexVector v) {
    for (Gate g : c.gates()) {
      v = multiply(fullMatrix(g, g.parameterValues(params), c.numWires()), v);
    }
    return v;
  }

  /** Deterministic random normalised complex vector. */
  public static ComplexVector randomState(int dim, java.util.Random rng) {
    double[] r = new double[dim];
    double[] m = new double[dim];
    for (int i = 0; i < dim; i++) {
      r[i] = rng.nextGaussian();
      m[i] = rng.nextGaussian();
    }
    return new ComplexVector(r, m).normalised();
  }
}
