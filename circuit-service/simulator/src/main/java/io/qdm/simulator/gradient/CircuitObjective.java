package io.qdm.simulator.gradient;

import io.qdm.simulator.state.ComplexVector;

/**
 * A real function f(φ) of the output φ = U(θ)ψ of a plain unitary circuit, with its conjugate gradient
 * g = ∂f/∂φ* (so that df = 2·Re(g†dφ), notes §11).
 */
public interface CircuitObjective {

  /** f(φ). */
  double value(ComplexVector output);

  /** g = ∂f/∂φ*. */
  ComplexVector conjugateGradient(ComplexVector output);

  /** Fidelity |⟨target|φ⟩|²; g = c·target with c = ⟨target|φ⟩. */
  static CircuitObjective fidelity(ComplexVector target) {
    return new CircuitObjective() {
      @Override
      public double value(ComplexVector output) {
        return target.fidelity(output);
      }

      @Override
      public ComplexVector conjugateGradient(ComplexVector output) {
        double[] c = target.inner(output);
        double[] re = new double[target.length()];
        double[] im = new double[target.length()];
        for (int i = 0; i < re.length; i++) {
          re[i] = c[0] * target.re(i) - c[1] * target.im(i);
          im[i] = c[0] * target.im(i) + c[1] * target.re(i);
        }
        return new ComplexVector(re, im);
      }
    };
  }

  /** ⟨φ|Z_wire|φ⟩ (wire 0 = MSB); g = Z_wire·φ. */
  static CircuitObjective pauliZ(int wire) {
    return new CircuitObjective() {
      @Override
      public double value(ComplexVector output) {
        int n = output.numQubits();
        int bit = 1 << (n - 1 - wire);
        double s = 0;
        for (int i = 0; i < output.length(); i++) {
          double p = output.re(i) * output.re(i) + output.im(i) * output.im(i);
          s += (i & bit) == 0 ? p : -p;
        }
        return s;
      }

      @Override
      public ComplexVector conjugateGradient(ComplexVector output) {
        int n = output.numQubits();
        int bit = 1 << (n - 1 - wire);
        double[] re = output.re();
        double[] im = output.im();
        for (int i = 0; i < re.length; i++) {
          if ((i & bit) != 0) {
            re[i] = -re[i];
            im[i] = -im[i];
          }
        }
        return new ComplexVector(re, im);
      }
    };
  }
}
