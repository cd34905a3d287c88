package io.qdm.qpu.transpile;

import io.qdm.qpu.circuit.Op;

/**
 * The checks IBM applies before running a circuit (error 1517, "non-ISA circuits"), done locally before submission:
 * gate names ⊆ basis_gates, qubit indices &lt; n_qubits, 2-qubit gates only on coupling-map edges in their direction,
 * measured qubits distinct.
 */
public final class IsaValidator {

    private IsaValidator() {
    }

    /** @throws IllegalArgumentException naming the first violation */
    public static void validate(IsaCircuit circuit) {
        BackendTarget target = circuit.target();
        for (Op op : circuit.ops()) {
            String name = IsaCircuit.nativeName(op.kind());
            if (!target.basisGates().contains(name)) {
                throw new IllegalArgumentException("device: gate " + name + " is not in the basis " + target.basisGates()
                        + " of " + target.device());
            }
            for (int q : op.qubits()) {
                if (q < 0 || q >= target.numQubits()) {
                    throw new IllegalArgumentException("device: qubit $" + q + " does not exist on " + target.device());
                }
            }
            if (op.isTwoQubit() && !target.allows(op.qubits()[0], op.qubits()[1])) {
                throw new IllegalArgumentException("device: " + name + " $" + op.qubits()[0] + ", $" + op.qubits()[1]
                        + " is not on the coupling map of " + target.device());
            }
        }
        java.util.Set<Integer> measured = new java.util.HashSet<>();
        for (int q : circuit.finalLayout()) {
            if (q < 0 || q >= target.numQubits() || !measured.add(q)) {
                throw new IllegalArgumentException("device: invalid measured qubit $" + q);
            }
        }
    }
}
