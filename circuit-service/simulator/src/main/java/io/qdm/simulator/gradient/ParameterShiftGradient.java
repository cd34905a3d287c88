package io.qdm.simulator.gradient;

import io.qdm.simulator.circuit.Circuit;
import io.qdm.simulator.fusion.FusedCircuit;
import io.qdm.simulator.fusion.GateFusion;
import io.qdm.simulator.gate.Gate;
import io.qdm.simulator.gate.GateKind;
import io.qdm.simulator.state.ComplexVector;
import io.qdm.simulator.state.StateBatch;
import java.util.EnumSet;
import java.util.Set;

/**
 * The two-term parameter-shift rule ∂f/∂θ = [f(θ + π/2) − f(θ − π/2)]/2, the hardware-compatible gradient for
 * plain unitary circuits (perf-notes §3: 2P circuit runs, so only for small P). Valid because every trainable
 * parameter of RX, RY, RZ, Rot, R3 and U3 enters as exp(−iθP/2) for a Pauli P (U3 up to a global phase, which
 * an expectation or fidelity does not see). It does <b>not</b> apply through the denoisers' renormalisations.
 */
public final class ParameterShiftGradient {
  private static final Set<GateKind> SHIFTABLE = EnumSet.of(GateKind.RX, GateKind.RY, GateKind.RZ, GateKind.ROT, GateKind.R3, GateKind.U3);

  private ParameterShiftGradient() {}

  /**
   * ∂f/∂θ by parameter shift.
   *
   * @throws IllegalArgumentException if a slot is used by more than one gate parameter or by a gate the rule does
   *     not cover
   */
  public static double[] gradient(Circuit circuit, double[] params, ComplexVector input, CircuitObjective objective) {
    int[] uses = new int[circuit.parameterCount()];
    for (Gate g : circuit.gates()) {
      for (int s : g.parameterSlots()) {
        if (s >= 0) {
          if (!SHIFTABLE.contains(g.kind())) {
            throw new IllegalArgumentException("parameter shift does not cover " + g.kind());
          }
          uses[s]++;
        }
      }
    }
    FusedCircuit fused = GateFusion.compile(circuit);
    double[] grad = new double[params.length];
    double[] shifted = params.clone();
    for (int p = 0; p < params.length; p++) {
      if (uses[p] > 1) {
        throw new IllegalArgumentException("slot " + p + " is shared by " + uses[p] + " gate parameters; the two-term rule needs one");
      }
      if (uses[p] == 0) {
        continue;
      }
      shifted[p] = params[p] + Math.PI / 2;
      double plus = evaluate(fused, shifted, input, objective);
      shifted[p] = params[p] - Math.PI / 2;
      double minus = evaluate(fused, shifted, input, objective);
      shifted[p] = params[p];
      grad[p] = (plus - minus) / 2;
    }
    return grad;
  }

  private static double evaluate(FusedCircuit fused, double[] params, ComplexVector input, CircuitObjective objective) {
    StateBatch s = StateBatch.of(input);
    fused.bind(params, 0).apply(s);
    return objective.value(s.lane(0));
  }
}
