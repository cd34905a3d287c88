package io.qdm.simulator.circuit;

import io.qdm.simulator.gate.Gate;
import io.qdm.simulator.gate.GateKind;
import java.util.ArrayList;
import java.util.List;

/**
 * The follow-up's {@code IdentityUnitaryR3Ansatz} (notes §3.4): an even number of layers; layer l applies
 * R3(p[l,i,0], p[l,i,1], p[l,i,2]) = RZ·RY·RZ on every wire i, then the entangler E on even l and E† on odd l,
 * where E = C(0,1)·C(1,2)·…·C(n−2,n−1) as a matrix product, so CNOT(n−2,n−1) acts first and CNOT(0,1) last;
 * E† is the reverse order. At zero angles each layer pair cancels to the identity. Parameters flattened row-major,
 * shape (L, n, 3).
 */
public final class IdentityUnitaryR3 {
  private IdentityUnitaryR3() {}

  /** Parameter count 3·L·n. */
  public static int parameterCount(int numWires, int layers) {
    return 3 * layers * numWires;
  }

  /** The circuit on wires 0..numWires−1; {@code layers} must be even. */
  public static Circuit circuit(int numWires, int layers) {
    if (layers % 2 != 0 || layers < 0) {
      throw new IllegalArgumentException("IdentityUnitaryR3 needs an even number of layers, got " + layers);
    }
    if (numWires < 1) {
      throw new IllegalArgumentException("IdentityUnitaryR3 needs ≥ 1 wire, got " + numWires);
    }
    List<Gate> gates = new ArrayList<>();
    for (int l = 0; l < layers; l++) {
      for (int i = 0; i < numWires; i++) {
        int slot = 3 * (l * numWires + i);
        gates.add(Gate.trainable(GateKind.R3, new int[] {i}, slot, slot + 1, slot + 2));
      }
      if (l % 2 == 0) {
        for (int i = numWires - 2; i >= 0; i--) {
          gates.add(Gate.fixed(GateKind.CNOT, new int[] {i, i + 1}));
        }
      } else {
        for (int i = 0; i <= numWires - 2; i++) {
          gates.add(Gate.fixed(GateKind.CNOT, new int[] {i, i + 1}));
        }
      }
    }
    return new Circuit(numWires, parameterCount(numWires, layers), gates);
  }
}
