package io.qdm.qpu.transpile;

import io.qdm.qpu.circuit.Op;
import io.qdm.simulator.gate.GateKind;

import java.util.List;
import java.util.Locale;

/**
 * A circuit the backend runs as is: native gates on physical qubits only, 2-qubit gates on coupling-map edges,
 * then {@code c[i] = measure $finalLayout[i]} for every logical wire i.
 *
 * @param ops           native gates on physical qubits
 * @param initialLayout logical wire i starts on physical qubit initialLayout[i]
 * @param finalLayout   logical wire i ends on physical qubit finalLayout[i] (differs after SWAP routing)
 * @param target        the backend it was transpiled for
 * @param swaps         SWAPs the router inserted
 */
public record IsaCircuit(List<Op> ops, int[] initialLayout, int[] finalLayout, BackendTarget target, int swaps) {

    public IsaCircuit {
        ops = List.copyOf(ops);
        initialLayout = initialLayout.clone();
        finalLayout = finalLayout.clone();
    }

    public int numClbits() {
        return finalLayout.length;
    }

    /** Gate counts by native name. */
    public java.util.Map<String, Integer> gateCounts() {
        java.util.Map<String, Integer> counts = new java.util.TreeMap<>();
        for (Op op : ops) {
            counts.merge(nativeName(op.kind()), 1, Integer::sum);
        }
        return counts;
    }

    /**
     * OpenQASM 3 as IBM executes it: hardware qubits {@code $n}, numeric literals (never {@code input} parameters),
     * doubles printed round-trip ({@code Double.toString}), one classical register {@code c} with bit i = logical
     * wire i. {@code stdgates.inc} is included so that Qiskit's {@code qasm3.loads} reads it back; it has no effect
     * on hardware.
     */
    public String toQasm3() {
        StringBuilder q = new StringBuilder("OPENQASM 3.0;\ninclude \"stdgates.inc\";\n");
        q.append("bit[").append(numClbits()).append("] c;\n");
        for (Op op : ops) {
            q.append(nativeName(op.kind()));
            if (op.params().length > 0) {
                q.append('(');
                for (int i = 0; i < op.params().length; i++) {
                    q.append(i == 0 ? "" : ", ").append(Double.toString(op.params()[i]));
                }
                q.append(')');
            }
            for (int i = 0; i < op.qubits().length; i++) {
                q.append(i == 0 ? " $" : ", $").append(op.qubits()[i]);
            }
            q.append(";\n");
        }
        for (int i = 0; i < finalLayout.length; i++) {
            q.append("c[").append(i).append("] = measure $").append(finalLayout[i]).append(";\n");
        }
        return q.toString();
    }

    /** The OpenQASM / IBM name of a native gate. */
    public static String nativeName(GateKind kind) {
        return switch (kind) {
            case CNOT -> "cx";
            default -> kind.name().toLowerCase(Locale.ROOT);
        };
    }

    /** Physical qubits the circuit touches (gates or measurements), ascending. */
    public int[] usedQubits() {
        java.util.TreeSet<Integer> used = new java.util.TreeSet<>();
        for (Op op : ops) {
            for (int q : op.qubits()) {
                used.add(q);
            }
        }
        for (int q : initialLayout) {
            used.add(q);
        }
        for (int q : finalLayout) {
            used.add(q);
        }
        return used.stream().mapToInt(Integer::intValue).toArray();
    }
}
