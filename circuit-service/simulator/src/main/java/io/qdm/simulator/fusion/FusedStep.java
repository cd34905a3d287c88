package io.qdm.simulator.fusion;

import io.qdm.simulator.gate.Gate;
import java.util.List;

/**
 * One execution step of a compiled circuit. Steps act on every qubit of the state they are applied to; a circuit
 * compiled for n wires is applied to n-qubit states.
 */
public sealed interface FusedStep permits FusedStep.SingleQubit, FusedStep.Permutation, FusedStep.TwoQubit {

  /**
   * Consecutive 1-qubit gates on one wire multiplied into one 2×2 (e.g. a whole Rot, or an RY followed by an RZ;
   * perf-notes §6 lever 1). {@code gates} are in application order.
   */
  record SingleQubit(int wire, List<Gate> gates) implements FusedStep {
    public SingleQubit {
      gates = List.copyOf(gates);
    }
  }

  /**
   * Consecutive basis-permuting gates (CNOT, SWAP) merged into one gather pass (perf-notes §6 lever 2): new amplitude
   * a = old amplitude {@code source[a]}; {@code inverseSource} undoes it.
   */
  record Permutation(List<Gate> gates, int[] source, int[] inverseSource) implements FusedStep {
    public Permutation {
      gates = List.copyOf(gates);
    }
  }

  /** A fixed non-permutation two-qubit gate (CZ, ECR), applied as a dense 4×4. */
  record TwoQubit(Gate gate) implements FusedStep {}
}
