package io.qdm.simulator.circuit;

import io.qdm.simulator.gate.Gate;
import io.qdm.simulator.gate.GateKind;
import java.util.ArrayList;
import java.util.List;

/**
 * PennyLane's {@code StronglyEntanglingLayers(W, wires, ranges=[1]*L)} (notes §3.1): per layer l,
 * Rot(W[l,i,0], W[l,i,1], W[l,i,2]) on wires i = 0..n−1, then CNOT(i, (i+1) mod n) for i = 0..n−1 in that order
 * (a closed ring); no CNOTs when n = 1. Parameters are W flattened row-major, shape (L, n, 3).
 */
public final class StronglyEntanglingLayers {
  private StronglyEntanglingLayers() {}

  /** Parameter count 3·L·n. */
  public static int parameterCount(int numWires, int layers) {
    return 3 * layers * numWires;
  }

  /** The circuit on wires 0..numWires−1. */
  public static Circuit circuit(int numWires, int layers) {
    if (numWires < 1 || layers < 0) {
      throw new IllegalArgumentException("StronglyEntanglingLayers needs ≥ 1 wire and ≥ 0 layers, got " + numWires + ", " + layers);
    }
    List<Gate> gates = new ArrayList<>();
    for (int l = 0; l < layers; l++) {
      for (int i = 0; i < numWires; i++) {
        int slot = 3 * (l * numWires + i);
        gates.add(Gate.trainable(GateKind.ROT, new int[] {i}, slot, slot + 1, slot + 2));
      }
      if (numWires > 1) {
        for (int i = 0; i < numWires; i++) {
          gates.add(Gate.fixed(GateKind.CNOT, new int[] {i, (i + 1) % numWires}));
        }
      }
    }
    return new Circuit(numWires, parameterCount(numWires, layers), gates);
  }
}
