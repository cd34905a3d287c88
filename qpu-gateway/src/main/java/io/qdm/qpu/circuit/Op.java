package io.qdm.qpu.circuit;

import io.qdm.simulator.gate.GateKind;

import java.util.Arrays;

/**
 * One gate application with numeric parameters (no trainable slots: hardware circuits are always bound).
 * Wire convention as in the simulator: for a 2-qubit gate the first qubit is the more significant local bit (CNOT:
 * control, target). Qubits are logical wires in a {@link QuantumProgram} and physical qubits in an ISA circuit.
 *
 * @param kind   the gate
 * @param qubits the qubits it acts on
 * @param params its angles in radians (length {@code kind.parameterCount()})
 */
public record Op(GateKind kind, int[] qubits, double[] params) {

    public Op {
        if (qubits.length != kind.qubits()) {
            throw new IllegalArgumentException(kind + " acts on " + kind.qubits() + " qubit(s), got " + qubits.length);
        }
        if (params.length != kind.parameterCount()) {
            throw new IllegalArgumentException(kind + " takes " + kind.parameterCount() + " parameters, got " + params.length);
        }
        if (qubits.length == 2 && qubits[0] == qubits[1]) {
            throw new IllegalArgumentException(kind + " needs two distinct qubits, got " + qubits[0] + " twice");
        }
        qubits = qubits.clone();
        params = params.clone();
    }

    public static Op of(GateKind kind, int qubit, double... params) {
        return new Op(kind, new int[] {qubit}, params);
    }

    public static Op of2(GateKind kind, int first, int second) {
        return new Op(kind, new int[] {first, second}, new double[0]);
    }

    /** The interleaved row-major matrix (simulator layout, {@code GateKind#matrix}). */
    public double[] matrix() {
        return kind.matrix(params);
    }

    public boolean isTwoQubit() {
        return qubits.length == 2;
    }

    /** The same gate on other qubits. */
    public Op onQubits(int... newQubits) {
        return new Op(kind, newQubits, params);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Op op && op.kind == kind && Arrays.equals(op.qubits, qubits) && Arrays.equals(op.params, params);
    }

    @Override
    public int hashCode() {
        return kind.hashCode() * 31 + Arrays.hashCode(qubits);
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(java.util.Locale.ROOT) + (params.length == 0 ? "" : Arrays.toString(params))
                + Arrays.toString(qubits);
    }
}
