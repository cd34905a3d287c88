package io.qdm.simulator.circuit;

import io.qdm.simulator.gate.Gate;
import java.util.List;

/**
 * A gate list on {@code numWires} wires with {@code parameterCount} trainable parameters (the gates refer to them
 * by slot, see {@link Gate}). This is the circuit IR; it is compiled for execution by
 * {@code io.qdm.simulator.fusion.GateFusion}.
 */
public record Circuit(int numWires, int parameterCount, List<Gate> gates) {

  public Circuit {
    gates = List.copyOf(gates);
    for (Gate g : gates) {
      for (int w : g.wires()) {
        if (w < 0 || w >= numWires) {
          throw new IllegalArgumentException("gate " + g + " uses wire " + w + " outside 0.." + (numWires - 1));
        }
      }
      for (int s : g.parameterSlots()) {
        if (s >= parameterCount) {
          throw new IllegalArgumentException("gate " + g + " uses parameter slot " + s + " ≥ " + parameterCount);
        }
      }
    }
  }
}
