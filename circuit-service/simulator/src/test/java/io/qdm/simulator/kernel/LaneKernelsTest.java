package io.qdm.simulator.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.qdm.simulator.DenseReference;
import io.qdm.simulator.Tolerance;
import io.qdm.simulator.circuit.Circuit;
import io.qdm.simulator.fusion.GateFusion;
import io.qdm.simulator.gate.Gate;
import io.qdm.simulator.gate.GateKind;
import io.qdm.simulator.state.ComplexVector;
import io.qdm.simulator.state.StateBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Differential tests of every fast kernel path against the dense reference (EJML style: variants are counted). */
class LaneKernelsTest {

  @Test
  void xOnWireZeroOfThreeQubitsSetsTheMostSignificantBit() {
    StateBatch s = StateBatch.of(ComplexVector.basis(8, 0));
    LaneKernels.applySingleQubit(s.re(), s.im(), s.offset(), 3, 1, 0, GateKind.X.matrix());
    ComplexVector out = s.lane(0);
    assertEquals(1.0, out.re(4), 0.0, "X on wire 0 of |000> must give index 4 (wire 0 = MSB)");
    assertEquals(1.0, out.normSquared(), Tolerance.AMPLITUDE);
  }

  @Test
  void hadamardAndBellStateLiteralAmplitudes() {
    double r = 1 / Math.sqrt(2);
    Circuit h = new Circuit(2, 0, List.of(Gate.fixed(GateKind.H, new int[] {0})));
    ComplexVector plus = run(h, new double[0], ComplexVector.basis(4, 0), 1).get(0);
    assertVector(new double[] {r, 0, r, 0}, new double[4], plus);
    Circuit bell = new Circuit(2, 0, List.of(Gate.fixed(GateKind.H, new int[] {0}), Gate.fixed(GateKind.CNOT, new int[] {0, 1})));
    ComplexVector b = run(bell, new double[0], ComplexVector.basis(4, 0), 1).get(0);
    assertVector(new double[] {r, 0, 0, r}, new double[4], b);
    // CNOT with control wire 1, target wire 0: |01> (index 1) -> |11> (index 3)
    Circuit c10 = new Circuit(2, 0, List.of(Gate.fixed(GateKind.CNOT, new int[] {1, 0})));
    assertVector(new double[] {0, 0, 0, 1}, new double[4], run(c10, new double[0], ComplexVector.basis(4, 1), 1).get(0));
  }

  @Test
  void everyGateOnEveryWireAndPairMatchesDenseReferenceForAllSmallSizes() {
    Random rng = new Random(42);
    int variants = 0;
    int expected = 0;
    for (int n = 1; n <= 5; n++) {
      for (GateKind k : GateKind.values()) {
        List<int[]> wireSets = new ArrayList<>();
        if (k.qubits() == 1) {
          for (int w = 0; w < n; w++) {
            wireSets.add(new int[] {w});
          }
        } else {
          for (int a = 0; a < n; a++) {
            for (int b = 0; b < n; b++) {
              if (a != b) {
                wireSets.add(new int[] {a, b});
              }
            }
          }
        }
        expected += wireSets.size() * 3;
        for (int[] wires : wireSets) {
          for (int lanes : new int[] {1, 3, 8}) {
            double[] params = new double[k.parameterCount()];
            int[] slots = new int[k.parameterCount()];
            for (int i = 0; i < params.length; i++) {
              params[i] = rng.nextDouble() * 4 * Math.PI - 2 * Math.PI;
              slots[i] = i;
            }
            Circuit c = new Circuit(n, params.length, List.of(Gate.trainable(k, wires, slots)));
            List<ComplexVector> in = new ArrayList<>();
            for (int l = 0; l < lanes; l++) {
              in.add(DenseReference.randomState(1 << n, rng));
            }
            List<ComplexVector> out = run(c, params, in);
            for (int l = 0; l < lanes; l++) {
              ComplexVector ref = DenseReference.run(c, params, in.get(l));
              assertClose(ref, out.get(l), k + " on " + java.util.Arrays.toString(wires) + " n=" + n);
            }
            variants++;
          }
        }
      }
    }
    assertEquals(expected, variants);
    // n=1..5: 13 one-qubit kinds × Σn + 4 two-qubit kinds × Σ n(n−1), × 3 lane widths
    assertEquals(3 * (13 * 15 + 4 * (0 + 2 + 6 + 12 + 20)), variants);
  }

  @Test
  void fusedRandomCircuitsMatchDenseReference() {
    Random rng = new Random(7);
    GateKind[] kinds = GateKind.values();
    int variants = 0;
    for (int n = 1; n <= 6; n++) {
      for (int trial = 0; trial < 10; trial++) {
        List<Gate> gates = new ArrayList<>();
        int slot = 0;
        for (int g = 0; g < 30; g++) {
          GateKind k = kinds[rng.nextInt(kinds.length)];
          if (k.qubits() == 2 && n < 2) {
            k = GateKind.ROT;
          }
          int[] wires;
          if (k.qubits() == 1) {
            wires = new int[] {rng.nextInt(n)};
          } else {
            int a = rng.nextInt(n);
            int b = (a + 1 + rng.nextInt(n - 1)) % n;
            wires = new int[] {a, b};
          }
          int[] slots = new int[k.parameterCount()];
          for (int i = 0; i < slots.length; i++) {
            slots[i] = slot++;
          }
          gates.add(Gate.trainable(k, wires, slots));
        }
        double[] params = new double[slot];
        for (int i = 0; i < slot; i++) {
          params[i] = rng.nextDouble() * 2 * Math.PI;
        }
        Circuit c = new Circuit(n, slot, gates);
        List<ComplexVector> in = List.of(DenseReference.randomState(1 << n, rng), DenseReference.randomState(1 << n, rng));
        List<ComplexVector> out = run(c, params, in);
        for (int l = 0; l < in.size(); l++) {
          assertClose(DenseReference.run(c, params, in.get(l)), out.get(l), "random circuit n=" + n);
        }
        // the inverse undoes it
        StateBatch s = new StateBatch(n, 1, n);
        s.setLane(0, out.get(0));
        GateFusion.compile(c).bind(params, 0).applyInverse(s);
        assertClose(in.get(0), s.lane(0), "inverse n=" + n);
        variants++;
      }
    }
    assertEquals(60, variants);
  }

  static List<ComplexVector> run(Circuit c, double[] params, ComplexVector in, int lanes) {
    List<ComplexVector> ins = new ArrayList<>();
    for (int l = 0; l < lanes; l++) {
      ins.add(in);
    }
    return run(c, params, ins);
  }

  static List<ComplexVector> run(Circuit c, double[] params, List<ComplexVector> in) {
    StateBatch s = new StateBatch(c.numWires(), in.size(), c.numWires());
    for (int l = 0; l < in.size(); l++) {
      s.setLane(l, in.get(l));
    }
    GateFusion.compile(c).bind(params, 0).apply(s);
    List<ComplexVector> out = new ArrayList<>();
    for (int l = 0; l < in.size(); l++) {
      out.add(s.lane(l));
    }
    return out;
  }

  static void assertClose(ComplexVector expected, ComplexVector actual, String what) {
    for (int i = 0; i < expected.length(); i++) {
      assertEquals(expected.re(i), actual.re(i), Tolerance.AMPLITUDE, what + " re[" + i + "]");
      assertEquals(expected.im(i), actual.im(i), Tolerance.AMPLITUDE, what + " im[" + i + "]");
    }
  }

  static void assertVector(double[] re, double[] im, ComplexVector actual) {
    assertClose(new ComplexVector(re, im), actual, "literal");
  }
}
