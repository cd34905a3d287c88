package io.qdm.simulator.fusion;

import io.qdm.simulator.circuit.Circuit;
import java.util.List;

/**
 * A circuit compiled into {@link FusedStep}s. Parameter-independent; {@link #bind} evaluates the matrices for one
 * parameter vector. Immutable and shareable across threads.
 */
public final class FusedCircuit {
  private final Circuit circuit;
  private final List<FusedStep> steps;

  FusedCircuit(Circuit circuit, List<FusedStep> steps) {
    this.circuit = circuit;
    this.steps = List.copyOf(steps);
  }

  /** The source circuit. */
  public Circuit circuit() {
    return circuit;
  }

  /** The compiled steps, in application order. */
  public List<FusedStep> steps() {
    return steps;
  }

  /** Number of wires (the states this circuit is applied to have exactly this many qubits). */
  public int numWires() {
    return circuit.numWires();
  }

  /** Number of trainable parameters. */
  public int parameterCount() {
    return circuit.parameterCount();
  }

  /**
   * Evaluates every step's matrix and parameter-derivative matrices for {@code parameters[offset ..
   * offset+parameterCount)}.
   */
  public BoundCircuit bind(double[] parameters, int offset) {
    if (offset < 0 || offset + parameterCount() > parameters.length) {
      throw new IllegalArgumentException("need " + parameterCount() + " parameters at offset " + offset
          + ", vector has " + parameters.length);
    }
    return new BoundCircuit(this, parameters, offset);
  }
}
