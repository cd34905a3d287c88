package io.qdm.simulator.gate;

import java.util.Arrays;

/**
 * One gate application: a {@link GateKind} on specific wires. Each gate parameter is either a constant or a
 * reference into the circuit's flat trainable-parameter vector ({@code parameterSlots[j] >= 0}).
 *
 * @param kind the gate
 * @param wires the wires, first = more significant local bit (for CNOT: control, target)
 * @param parameterSlots for each gate parameter, the index into the trainable vector, or −1 for a constant
 * @param constants for each gate parameter, the value used when its slot is −1 (ignored otherwise)
 */
public record Gate(GateKind kind, int[] wires, int[] parameterSlots, double[] constants) {

  public Gate {
    if (wires.length != kind.qubits()) {
      throw new IllegalArgumentException(kind + " acts on " + kind.qubits() + " wire(s), got " + wires.length);
    }
    if (kind.qubits() == 2 && wires[0] == wires[1]) {
      throw new IllegalArgumentException(kind + " needs two distinct wires, got " + wires[0] + " twice");
    }
    if (parameterSlots.length != kind.parameterCount() || constants.length != kind.parameterCount()) {
      throw new IllegalArgumentException(kind + " takes " + kind.parameterCount() + " parameters");
    }
    wires = wires.clone();
    parameterSlots = parameterSlots.clone();
    constants = constants.clone();
  }

  /** A gate with fixed (non-trainable) parameters. */
  public static Gate fixed(GateKind kind, int[] wires, double... values) {
    int[] slots = new int[values.length];
    Arrays.fill(slots, -1);
    return new Gate(kind, wires, slots, values);
  }

  /** A gate whose parameters are all trainable, taken from the given slots of the parameter vector. */
  public static Gate trainable(GateKind kind, int[] wires, int... slots) {
    return new Gate(kind, wires, slots, new double[slots.length]);
  }

  /** The gate's parameter values given the trainable vector. */
  public double[] parameterValues(double[] trainable) {
    double[] v = constants.clone();
    for (int j = 0; j < v.length; j++) {
      if (parameterSlots[j] >= 0) {
        v[j] = trainable[parameterSlots[j]];
      }
    }
    return v;
  }

  /** True when at least one parameter is trainable. */
  public boolean isTrainable() {
    for (int s : parameterSlots) {
      if (s >= 0) {
        return true;
      }
    }
    return false;
  }

  /** The same gate with every wire shifted by {@code offset} (used when a block is placed below an ancilla). */
  public Gate shiftWires(int offset) {
    int[] w = wires.clone();
    for (int i = 0; i < w.length; i++) {
      w[i] += offset;
    }
    return new Gate(kind, w, parameterSlots, constants);
  }

  /** The same gate with trainable slots shifted by {@code offset}. */
  public Gate shiftSlots(int offset) {
    int[] s = parameterSlots.clone();
    for (int i = 0; i < s.length; i++) {
      if (s[i] >= 0) {
        s[i] += offset;
      }
    }
    return new Gate(kind, wires, s, constants);
  }

  @Override
  public String toString() {
    return kind.displayName() + Arrays.toString(wires);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Gate g && g.kind == kind && Arrays.equals(g.wires, wires)
        && Arrays.equals(g.parameterSlots, parameterSlots) && Arrays.equals(g.constants, constants);
  }

  @Override
  public int hashCode() {
    return kind.hashCode() * 31 + Arrays.hashCode(wires);
  }
}
