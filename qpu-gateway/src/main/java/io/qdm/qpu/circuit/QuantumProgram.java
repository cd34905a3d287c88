package io.qdm.qpu.circuit;

import java.util.List;

/**
 * A bound logical circuit on {@code numQubits} wires, started from |0…0⟩, after which every wire is measured:
 * classical bit i holds wire i (so in a sampled integer, bit i is wire i, IBM's little-endian register convention,
 * while in a state-vector index wire 0 is the most significant bit, the simulator's convention).
 */
public record QuantumProgram(int numQubits, List<Op> ops) {

    public QuantumProgram {
        ops = List.copyOf(ops);
        if (numQubits < 1) {
            throw new IllegalArgumentException("a program needs at least one qubit, got " + numQubits);
        }
        for (Op op : ops) {
            for (int q : op.qubits()) {
                if (q < 0 || q >= numQubits) {
                    throw new IllegalArgumentException("gate " + op + " uses qubit " + q + " outside 0.." + (numQubits - 1));
                }
            }
        }
    }

    public long twoQubitGateCount() {
        return ops.stream().filter(Op::isTwoQubit).count();
    }
}
