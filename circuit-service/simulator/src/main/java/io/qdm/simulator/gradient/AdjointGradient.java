package io.qdm.simulator.gradient;

import io.qdm.simulator.circuit.Circuit;
import io.qdm.simulator.fusion.BoundCircuit;
import io.qdm.simulator.fusion.GateFusion;
import io.qdm.simulator.state.ComplexVector;
import io.qdm.simulator.state.StateBatch;

/**
 * Exact gradient of an objective of a plain unitary circuit by the adjoint method (Jones &amp; Gacon; notes §11):
 * one forward pass, then one backward sweep that un-applies each step to the state and to the conjugate
 * gradient. About 3–4 circuit-equivalents regardless of the parameter count. For the denoisers (with
 * projections and renormalisations) see {@code io.qdm.simulator.model.Denoiser#lossAndGradient}.
 */
public final class AdjointGradient {
  private AdjointGradient() {}

  /** ∂f/∂θ for f(U(θ)ψ). */
  public static double[] gradient(Circuit circuit, double[] params, ComplexVector input, CircuitObjective objective) {
    BoundCircuit bound = GateFusion.compile(circuit).bind(params, 0);
    StateBatch psi = StateBatch.of(input);
    bound.apply(psi);
    StateBatch lambda = StateBatch.of(objective.conjugateGradient(psi.lane(0)));
    double[] grad = new double[circuit.parameterCount()];
    bound.backward(psi, lambda, grad, 0, new double[8]);
    return grad;
  }
}
