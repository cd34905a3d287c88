package io.qdm.qpu.transpile;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What a backend accepts (IBM's {@code GET /backends/{name}/configuration}: {@code n_qubits}, {@code basis_gates},
 * {@code coupling_map}; the calibration time from {@code /properties}).
 *
 * @param provider        "statevector", "shots", "noisy", "ibm"
 * @param device          device name ("default" for the emulators' all-to-all device)
 * @param numQubits       physical qubits
 * @param basisGates      native gate names, lower case (e.g. rz, sx, x, cz, measure)
 * @param couplingMap     directed edges [control, target]; empty = all-to-all
 * @param calibrationTime the calibration the target describes (ISO-8601; emulators: "")
 * @param online          whether jobs can be submitted now
 */
public record BackendTarget(String provider, String device, int numQubits, Set<String> basisGates,
                            List<int[]> couplingMap, String calibrationTime, boolean online) {

    public BackendTarget {
        Set<String> lower = new HashSet<>();
        for (String g : basisGates) {
            lower.add(g.toLowerCase(Locale.ROOT));
        }
        basisGates = Set.copyOf(lower);
        couplingMap = List.copyOf(couplingMap);
        for (int[] e : couplingMap) {
            if (e.length != 2 || e[0] < 0 || e[1] < 0 || e[0] >= numQubits || e[1] >= numQubits || e[0] == e[1]) {
                throw new IllegalArgumentException("coupling map edge " + java.util.Arrays.toString(e)
                        + " invalid for " + numQubits + " qubits");
            }
        }
    }

    /** The emulators' device: all-to-all, Heron basis (rz, sx, x, cz). */
    public static BackendTarget allToAll(String provider, int numQubits) {
        return new BackendTarget(provider, "default", numQubits, Set.of("rz", "sx", "x", "cz", "measure"), List.of(),
                "", true);
    }

    /** A line 0–1–…–(n−1), both directions, Heron basis: a small routing target for tests and benchmarks. */
    public static BackendTarget line(String provider, String device, int numQubits, String twoQubitGate) {
        List<int[]> edges = new ArrayList<>();
        for (int i = 0; i + 1 < numQubits; i++) {
            edges.add(new int[] {i, i + 1});
            edges.add(new int[] {i + 1, i});
        }
        return new BackendTarget(provider, device, numQubits, Set.of("rz", "sx", "x", twoQubitGate, "measure"), edges,
                "", true);
    }

    public boolean allToAllCoupling() {
        return couplingMap.isEmpty();
    }

    /** The native entangling gate: "cz", "ecr" or "cx" (in that order of preference). */
    public String twoQubitGate() {
        for (String g : List.of("cz", "ecr", "cx")) {
            if (basisGates.contains(g)) {
                return g;
            }
        }
        throw new IllegalArgumentException("device: " + device + " has no supported two-qubit gate (cz, ecr or cx) in "
                + basisGates);
    }

    /** True when a 2-qubit gate may act on (a, b) in this direction. */
    public boolean allows(int a, int b) {
        if (couplingMap.isEmpty()) {
            return a != b && a < numQubits && b < numQubits;
        }
        for (int[] e : couplingMap) {
            if (e[0] == a && e[1] == b) {
                return true;
            }
        }
        return false;
    }

    /** True when a 2-qubit gate may act on (a, b) in either direction. */
    public boolean adjacent(int a, int b) {
        return allows(a, b) || allows(b, a);
    }
}
