package io.qdm.simulator.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qdm.simulator.Tolerance;
import java.util.Random;
import org.junit.jupiter.api.Test;

class GateKindTest {

  @Test
  void everyGateIsUnitary() {
    Random rng = new Random(1);
    int checked = 0;
    for (GateKind k : GateKind.values()) {
      double[] p = randomParams(k, rng);
      double[] u = k.matrix(p);
      double[] prod = ComplexMatrices.multiply(ComplexMatrices.adjoint(u), u);
      double[] id = ComplexMatrices.identity(1 << k.qubits());
      for (int i = 0; i < id.length; i++) {
        assertEquals(id[i], prod[i], Tolerance.AMPLITUDE, k + " is not unitary");
      }
      checked++;
    }
    assertEquals(17, checked);
  }

  @Test
  void derivativesMatchCentralFiniteDifferences() {
    Random rng = new Random(2);
    int checked = 0;
    double h = 1e-6;
    for (GateKind k : GateKind.values()) {
      for (int trial = 0; trial < 5; trial++) {
        double[] p = randomParams(k, rng);
        for (int i = 0; i < k.parameterCount(); i++) {
          double[] plus = p.clone();
          double[] minus = p.clone();
          plus[i] += h;
          minus[i] -= h;
          double[] up = k.matrix(plus);
          double[] um = k.matrix(minus);
          double[] d = k.derivative(i, p);
          for (int e = 0; e < d.length; e++) {
            assertEquals((up[e] - um[e]) / (2 * h), d[e], 1e-9, k + " derivative " + i);
          }
          checked++;
        }
      }
    }
    assertEquals(5 * (1 + 1 + 1 + 3 + 3 + 3), checked);
  }

  @Test
  void literalMatrices() {
    double r = 1 / Math.sqrt(2);
    assertArrayClose(new double[] {r, 0, r, 0, r, 0, -r, 0}, GateKind.H.matrix());
    // Rot(φ,θ,ω) = RZ(ω)RY(θ)RZ(φ) and R3(p0,p1,p2) = Rot(p2,p1,p0) (notes §3.4)
    assertArrayClose(GateKind.ROT.matrix(0.3, 0.5, 0.7), GateKind.R3.matrix(0.7, 0.5, 0.3));
    // RY(π) = [[0,-1],[1,0]]
    assertArrayClose(new double[] {0, 0, -1, 0, 1, 0, 0, 0}, GateKind.RY.matrix(Math.PI));
    // SX² = X
    assertArrayClose(GateKind.X.matrix(), ComplexMatrices.multiply(GateKind.SX.matrix(), GateKind.SX.matrix()));
    // T² = S
    assertArrayClose(GateKind.S.matrix(), ComplexMatrices.multiply(GateKind.T.matrix(), GateKind.T.matrix()));
    // U3(θ,φ,λ) = e^{i(φ+λ)/2} RZ(φ)RY(θ)RZ(λ)
    double t = 0.4, f = 1.1, l = -0.6;
    double[] expected = ComplexMatrices.scale(Math.cos((f + l) / 2), Math.sin((f + l) / 2), GateKind.ROT.matrix(l, t, f));
    assertArrayClose(expected, GateKind.U3.matrix(t, f, l));
  }

  @Test
  void unsupportedInputThrowsWithMessage() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GateKind.parse("TOFFOLI"));
    assertTrue(e.getMessage().contains("TOFFOLI"));
    assertThrows(IllegalArgumentException.class, () -> GateKind.RX.matrix(1, 2));
    assertThrows(IllegalArgumentException.class, () -> GateKind.H.derivative(0));
    assertThrows(IllegalArgumentException.class, () -> Gate.fixed(GateKind.CNOT, new int[] {1, 1}));
    assertEquals(GateKind.ROT, GateKind.parse("Rot"));
    assertEquals(GateKind.CNOT, GateKind.parse("cx"));
  }

  static double[] randomParams(GateKind k, Random rng) {
    double[] p = new double[k.parameterCount()];
    for (int i = 0; i < p.length; i++) {
      p[i] = (rng.nextDouble() * 2 - 1) * 2 * Math.PI;
    }
    return p;
  }

  static void assertArrayClose(double[] expected, double[] actual) {
    assertEquals(expected.length, actual.length);
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], actual[i], Tolerance.AMPLITUDE, "entry " + i);
    }
  }
}
