package io.qdm.simulator.gradient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qdm.simulator.DenseReference;
import io.qdm.simulator.Tolerance;
import io.qdm.simulator.circuit.BlockAnsatz;
import io.qdm.simulator.circuit.Circuit;
import io.qdm.simulator.gate.Gate;
import io.qdm.simulator.gate.GateKind;
import io.qdm.simulator.state.ComplexVector;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ParameterShiftGradientTest {

  @Test
  void parameterShiftEqualsAdjointForBothAnsaetzeAndBothObjectives() {
    Random rng = new Random(3);
    int variants = 0;
    for (BlockAnsatz ansatz : BlockAnsatz.values()) {
      for (int n = 1; n <= 4; n++) {
        Circuit c = ansatz.circuit(n, 2);
        double[] params = random(c.parameterCount(), rng);
        ComplexVector in = DenseReference.randomState(1 << n, rng);
        for (CircuitObjective f : List.of(CircuitObjective.pauliZ(0), CircuitObjective.pauliZ(n - 1),
            CircuitObjective.fidelity(DenseReference.randomState(1 << n, rng)))) {
          double[] shift = ParameterShiftGradient.gradient(c, params, in, f);
          double[] adjoint = AdjointGradient.gradient(c, params, in, f);
          for (int p = 0; p < params.length; p++) {
            assertEquals(shift[p], adjoint[p], Tolerance.PARAMETER_SHIFT, ansatz + " n=" + n + " p=" + p);
          }
          variants++;
        }
      }
    }
    assertEquals(2 * 4 * 3, variants);
  }

  @Test
  void mixedRotationsIncludingU3AgreeWithFiniteDifferences() {
    Random rng = new Random(8);
    List<Gate> gates = new ArrayList<>();
    GateKind[] kinds = {GateKind.RX, GateKind.RY, GateKind.RZ, GateKind.ROT, GateKind.R3, GateKind.U3};
    int slot = 0;
    for (int i = 0; i < 12; i++) {
      GateKind k = kinds[i % kinds.length];
      int[] slots = new int[k.parameterCount()];
      for (int j = 0; j < slots.length; j++) {
        slots[j] = slot++;
      }
      gates.add(Gate.trainable(k, new int[] {i % 3}, slots));
      gates.add(Gate.fixed(GateKind.CNOT, new int[] {i % 3, (i + 1) % 3}));
    }
    Circuit c = new Circuit(3, slot, gates);
    double[] params = random(slot, rng);
    ComplexVector in = DenseReference.randomState(8, rng);
    CircuitObjective f = CircuitObjective.fidelity(DenseReference.randomState(8, rng));
    double[] shift = ParameterShiftGradient.gradient(c, params, in, f);
    double[] fd = new double[slot];
    double h = Tolerance.FINITE_DIFFERENCE_STEP;
    for (int p = 0; p < slot; p++) {
      double[] a = params.clone();
      double[] b = params.clone();
      a[p] += h;
      b[p] -= h;
      fd[p] = (f.value(DenseReference.run(c, a, in)) - f.value(DenseReference.run(c, b, in))) / (2 * h);
    }
    assertTrue(Tolerance.normwiseRelativeError(shift, fd) < Tolerance.FINITE_DIFFERENCE_RELATIVE);
    assertTrue(Tolerance.normwiseRelativeError(AdjointGradient.gradient(c, params, in, f), fd) < Tolerance.FINITE_DIFFERENCE_RELATIVE);
  }

  @Test
  void sharedSlotsAreRejected() {
    Circuit c = new Circuit(1, 1, List.of(Gate.trainable(GateKind.RX, new int[] {0}, 0), Gate.trainable(GateKind.RY, new int[] {0}, 0)));
    assertThrows(IllegalArgumentException.class,
        () -> ParameterShiftGradient.gradient(c, new double[] {0.1}, ComplexVector.basis(2, 0), CircuitObjective.pauliZ(0)));
  }

  static double[] random(int n, Random rng) {
    double[] p = new double[n];
    for (int i = 0; i < n; i++) {
      p[i] = rng.nextDouble() * 2 * Math.PI;
    }
    return p;
  }
}
