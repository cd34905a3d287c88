package io.qdm.qpu.transpile;

import io.qdm.qpu.circuit.Op;
import io.qdm.qpu.circuit.QuantumProgram;
import io.qdm.simulator.gate.GateKind;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Logical program → ISA circuit for a {@link BackendTarget} (ecosystem notes §1.2): layout, SWAP routing, basis
 * translation, 1-qubit fusion. What Qiskit's preset pass manager does at optimisation level 1, in the simplest form
 * that is exactly right:
 * <ol>
 *   <li>layout: logical wires in allocation order onto a breadth-first walk of the coupling graph from the physical
 *       qubit that minimises the summed distance of the program's 2-qubit interactions (all-to-all: identity);</li>
 *   <li>routing: a 2-qubit gate on non-adjacent qubits moves its first qubit along a shortest path with SWAPs
 *       (3 CNOTs each) until adjacent; the layout changes, and the final layout says where each wire is measured;</li>
 *   <li>translation: CNOT(c,t) = H(t)·CZ(c,t)·H(t) on cz devices; on ecr devices
 *       CNOT(c,t) ≅ x(c), sx(t), ecr(c,t), rz(π/2)(c) in circuit order (up to global phase), reversed edges by
 *       CNOT(c,t) = (H⊗H)·CNOT(t,c)·(H⊗H);</li>
 *   <li>every maximal run of 1-qubit gates on a qubit becomes one 2×2 matrix U = e^{iα}RZ(φ)RY(θ)RZ(λ), emitted
 *       as {@code rz(λ); sx; rz(θ+π); sx; rz(φ+π)} (≅ U3(θ,φ,λ)), a single {@code rz} when θ ≈ 0,
 *       {@code rz; sx; rz} when θ = π/2 and {@code rz; x; rz} when θ = π; rz angles are
 *       reduced to (−π, π] and zero rotations dropped (global phase only).</li>
 * </ol>
 */
public final class Transpiler {

    private static final double EPS = 1e-12;

    private Transpiler() {
    }

    public static IsaCircuit transpile(QuantumProgram program, BackendTarget target) {
        int n = program.numQubits();
        if (n > target.numQubits()) {
            throw new IllegalArgumentException("device: program needs " + n + " qubits, " + target.device() + " has "
                    + target.numQubits());
        }
        String twoQubit = target.twoQubitGate();
        int[][] distance = distances(target);
        int[] layout = chooseLayout(program, target, distance);
        int[] l2p = layout.clone();
        // Routed, still in logical gate kinds (1-qubit kinds, CNOT, CZ, SWAP → CNOTs) on physical qubits.
        List<Op> routed = new ArrayList<>();
        int swaps = 0;
        for (Op op : cancelAdjacentPairs(program.ops())) {
            if (!op.isTwoQubit()) {
                routed.add(op.onQubits(l2p[op.qubits()[0]]));
                continue;
            }
            int a = op.qubits()[0];
            int b = op.qubits()[1];
            if (!target.adjacent(l2p[a], l2p[b])) {
                int[] path = shortestPath(target, l2p[a], l2p[b]);
                for (int i = 0; i + 2 < path.length; i++) {
                    emitSwap(routed, path[i], path[i + 1]);
                    swaps++;
                    int la = indexOf(l2p, path[i]);
                    int lb = indexOf(l2p, path[i + 1]);
                    if (la >= 0) {
                        l2p[la] = path[i + 1];
                    }
                    if (lb >= 0) {
                        l2p[lb] = path[i];
                    }
                }
            }
            int pa = l2p[a];
            int pb = l2p[b];
            if (op.kind() == GateKind.SWAP) {
                emitSwap(routed, pa, pb);
            } else {
                routed.add(op.onQubits(pa, pb));
            }
        }
        List<Op> isa = lower(routed, target, twoQubit);
        IsaCircuit circuit = new IsaCircuit(isa, layout, l2p, target, swaps);
        IsaValidator.validate(circuit);
        return circuit;
    }

    private static void emitSwap(List<Op> out, int a, int b) {
        out.add(Op.of2(GateKind.CNOT, a, b));
        out.add(Op.of2(GateKind.CNOT, b, a));
        out.add(Op.of2(GateKind.CNOT, a, b));
    }

    /** Removes adjacent identical self-inverse 2-qubit gates (CNOT·CNOT, CZ·CZ) with nothing between them on their qubits. */
    static List<Op> cancelAdjacentPairs(List<Op> ops) {
        List<Op> out = new ArrayList<>();
        for (Op op : ops) {
            if (op.isTwoQubit() && (op.kind() == GateKind.CNOT || op.kind() == GateKind.CZ)) {
                int last = lastTouching(out, op.qubits());
                if (last >= 0 && out.get(last).equals(op)) {
                    out.remove(last);
                    continue;
                }
            }
            out.add(op);
        }
        return out;
    }

    private static int lastTouching(List<Op> ops, int[] qubits) {
        for (int i = ops.size() - 1; i >= 0; i--) {
            for (int q : ops.get(i).qubits()) {
                if (q == qubits[0] || q == qubits[1]) {
                    return i;
                }
            }
        }
        return -1;
    }

    /** 2-qubit gates to the native entangler, 1-qubit runs fused and emitted as rz/sx. */
    private static List<Op> lower(List<Op> routed, BackendTarget target, String twoQubit) {
        List<Op> out = new ArrayList<>();
        java.util.Map<Integer, double[]> pending = new java.util.HashMap<>();
        for (Op op : routed) {
            if (!op.isTwoQubit()) {
                pending.merge(op.qubits()[0], op.matrix(), (old, m) -> multiply(m, old));
                continue;
            }
            for (Op native2 : lowerTwoQubit(op, target, twoQubit)) {
                if (native2.isTwoQubit()) {
                    flush(pending, native2.qubits()[0], out);
                    flush(pending, native2.qubits()[1], out);
                    out.add(native2);
                } else {
                    pending.merge(native2.qubits()[0], native2.matrix(), (old, m) -> multiply(m, old));
                }
            }
        }
        for (Integer q : new java.util.TreeSet<>(pending.keySet())) {
            flush(pending, q, out);
        }
        return out;
    }

    private static List<Op> lowerTwoQubit(Op op, BackendTarget target, String twoQubit) {
        int a = op.qubits()[0];
        int b = op.qubits()[1];
        List<Op> out = new ArrayList<>();
        switch (op.kind()) {
            case CZ -> {
                if (twoQubit.equals("cz")) {
                    out.add(Op.of2(GateKind.CZ, target.allows(a, b) ? a : b, target.allows(a, b) ? b : a));
                } else {
                    out.add(Op.of(GateKind.H, b));
                    out.addAll(lowerTwoQubit(Op.of2(GateKind.CNOT, a, b), target, twoQubit));
                    out.add(Op.of(GateKind.H, b));
                }
            }
            case CNOT -> {
                if (twoQubit.equals("cz")) {
                    out.add(Op.of(GateKind.H, b));
                    out.add(Op.of2(GateKind.CZ, target.allows(a, b) ? a : b, target.allows(a, b) ? b : a));
                    out.add(Op.of(GateKind.H, b));
                } else if (target.allows(a, b)) {
                    out.addAll(directedCnot(a, b, twoQubit));
                } else {
                    out.add(Op.of(GateKind.H, a));
                    out.add(Op.of(GateKind.H, b));
                    out.addAll(directedCnot(b, a, twoQubit));
                    out.add(Op.of(GateKind.H, a));
                    out.add(Op.of(GateKind.H, b));
                }
            }
            default -> throw new IllegalArgumentException("transpiler: unsupported 2-qubit gate " + op.kind());
        }
        return out;
    }

    /** CNOT(c,t) on an allowed directed edge with the device's entangler. */
    private static List<Op> directedCnot(int c, int t, String twoQubit) {
        if (twoQubit.equals("cx")) {
            return List.of(Op.of2(GateKind.CNOT, c, t));
        }
        // ECR, circuit order: x(c), sx(t), ecr(c,t), rz(π/2)(c) ≅ CNOT(c,t) (found by search, verified by TranspilerTest).
        return List.of(Op.of(GateKind.X, c), Op.of(GateKind.SX, t), Op.of2(GateKind.ECR, c, t),
                Op.of(GateKind.RZ, c, Math.PI / 2));
    }

    private static void flush(java.util.Map<Integer, double[]> pending, int q, List<Op> out) {
        double[] m = pending.remove(q);
        if (m != null) {
            out.addAll(decompose(m, q));
        }
    }

    /** A 2×2 unitary as native rz/sx/x gates on qubit q, equal up to global phase. */
    public static List<Op> decompose(double[] u, int q) {
        // V = U / sqrt(det U) ∈ SU(2) = [[e^{-i(φ+λ)/2}c, −e^{-i(φ−λ)/2}s], [e^{i(φ−λ)/2}s, e^{i(φ+λ)/2}c]]
        double detR = u[0] * u[6] - u[1] * u[7] - (u[2] * u[4] - u[3] * u[5]);
        double detI = u[0] * u[7] + u[1] * u[6] - (u[2] * u[5] + u[3] * u[4]);
        double detArg = Math.atan2(detI, detR) / 2;
        double cr = Math.cos(-detArg);
        double ci = Math.sin(-detArg);
        double v10r = u[4] * cr - u[5] * ci;
        double v10i = u[4] * ci + u[5] * cr;
        double v11r = u[6] * cr - u[7] * ci;
        double v11i = u[6] * ci + u[7] * cr;
        double c = Math.hypot(v11r, v11i);
        double s = Math.hypot(v10r, v10i);
        double theta = 2 * Math.atan2(s, c);
        double sum = c > EPS ? 2 * Math.atan2(v11i, v11r) : 0;
        double diff = s > EPS ? 2 * Math.atan2(v10i, v10r) : 0;
        double phi = (sum + diff) / 2;
        double lambda = (sum - diff) / 2;
        List<Op> out = new ArrayList<>();
        if (s <= EPS) {
            addRz(out, q, phi + lambda);
            return out;
        }
        if (Math.abs(theta - Math.PI) <= EPS) {
            // RY(π) ≅ X·RZ(π): rz(λ+π); x; rz(φ). Only φ−λ is fixed here: take λ = −π, so no leading rz.
            out.add(Op.of(GateKind.X, q));
            addRz(out, q, diff - Math.PI);
            return out;
        }
        if (Math.abs(theta - Math.PI / 2) <= EPS) {
            // RY(π/2) ≅ RZ(π/2)·SX·RZ(−π/2): rz(λ−π/2); sx; rz(φ+π/2)
            addRz(out, q, lambda - Math.PI / 2);
            out.add(Op.of(GateKind.SX, q));
            addRz(out, q, phi + Math.PI / 2);
            return out;
        }
        addRz(out, q, lambda);
        out.add(Op.of(GateKind.SX, q));
        addRz(out, q, theta + Math.PI);
        out.add(Op.of(GateKind.SX, q));
        addRz(out, q, phi + Math.PI);
        return out;
    }

    private static void addRz(List<Op> out, int q, double angle) {
        double a = Math.IEEEremainder(angle, 2 * Math.PI);
        if (Math.abs(a) > EPS) {
            out.add(Op.of(GateKind.RZ, q, a));
        }
    }

    static double[] multiply(double[] a, double[] b) {
        double[] c = new double[8];
        for (int r = 0; r < 2; r++) {
            for (int col = 0; col < 2; col++) {
                double sr = 0;
                double si = 0;
                for (int k = 0; k < 2; k++) {
                    double ar = a[2 * (2 * r + k)];
                    double ai = a[2 * (2 * r + k) + 1];
                    double br = b[2 * (2 * k + col)];
                    double bi = b[2 * (2 * k + col) + 1];
                    sr += ar * br - ai * bi;
                    si += ar * bi + ai * br;
                }
                c[2 * (2 * r + col)] = sr;
                c[2 * (2 * r + col) + 1] = si;
            }
        }
        return c;
    }

    /** Layout: logical wires onto a BFS order of the coupling graph from the best start qubit. */
    static int[] chooseLayout(QuantumProgram program, BackendTarget target, int[][] distance) {
        int n = program.numQubits();
        if (target.allToAllCoupling()) {
            int[] identity = new int[n];
            for (int i = 0; i < n; i++) {
                identity[i] = i;
            }
            return identity;
        }
        int[] best = null;
        long bestScore = Long.MAX_VALUE;
        List<List<Integer>> adj = adjacency(target);
        for (int start = 0; start < target.numQubits(); start++) {
            int[] order = bfsOrder(adj, start, n);
            if (order == null) {
                continue;
            }
            long score = 0;
            for (Op op : program.ops()) {
                if (op.isTwoQubit()) {
                    score += distance[order[op.qubits()[0]]][order[op.qubits()[1]]];
                }
            }
            if (score < bestScore) {
                bestScore = score;
                best = order;
            }
        }
        if (best == null) {
            throw new IllegalArgumentException("device: " + target.device() + " has no connected set of " + n + " qubits");
        }
        return best;
    }

    private static int[] bfsOrder(List<List<Integer>> adj, int start, int n) {
        int[] order = new int[n];
        boolean[] seen = new boolean[adj.size()];
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        queue.add(start);
        seen[start] = true;
        int count = 0;
        while (!queue.isEmpty() && count < n) {
            int q = queue.poll();
            order[count++] = q;
            for (int r : adj.get(q)) {
                if (!seen[r]) {
                    seen[r] = true;
                    queue.add(r);
                }
            }
        }
        return count == n ? order : null;
    }

    /** All-pairs hop distances on the undirected coupling graph (Integer.MAX_VALUE / 4 when disconnected). */
    static int[][] distances(BackendTarget target) {
        int size = target.numQubits();
        int[][] d = new int[size][];
        if (target.allToAllCoupling()) {
            return d;
        }
        List<List<Integer>> adj = adjacency(target);
        for (int s = 0; s < size; s++) {
            int[] row = new int[size];
            Arrays.fill(row, Integer.MAX_VALUE / 4);
            row[s] = 0;
            ArrayDeque<Integer> queue = new ArrayDeque<>(List.of(s));
            while (!queue.isEmpty()) {
                int q = queue.poll();
                for (int r : adj.get(q)) {
                    if (row[r] > row[q] + 1) {
                        row[r] = row[q] + 1;
                        queue.add(r);
                    }
                }
            }
            d[s] = row;
        }
        return d;
    }

    private static List<List<Integer>> adjacency(BackendTarget target) {
        List<List<Integer>> adj = new ArrayList<>();
        for (int i = 0; i < target.numQubits(); i++) {
            adj.add(new ArrayList<>());
        }
        for (int[] e : target.couplingMap()) {
            if (!adj.get(e[0]).contains(e[1])) {
                adj.get(e[0]).add(e[1]);
            }
            if (!adj.get(e[1]).contains(e[0])) {
                adj.get(e[1]).add(e[0]);
            }
        }
        return adj;
    }

    static int[] shortestPath(BackendTarget target, int from, int to) {
        List<List<Integer>> adj = adjacency(target);
        int[] prev = new int[target.numQubits()];
        Arrays.fill(prev, -1);
        prev[from] = from;
        ArrayDeque<Integer> queue = new ArrayDeque<>(List.of(from));
        while (!queue.isEmpty() && prev[to] < 0) {
            int q = queue.poll();
            for (int r : adj.get(q)) {
                if (prev[r] < 0) {
                    prev[r] = q;
                    queue.add(r);
                }
            }
        }
        if (prev[to] < 0) {
            throw new IllegalArgumentException("device: qubits " + from + " and " + to + " are not connected");
        }
        List<Integer> path = new ArrayList<>();
        for (int q = to; q != from; q = prev[q]) {
            path.add(0, q);
        }
        path.add(0, from);
        return path.stream().mapToInt(Integer::intValue).toArray();
    }

    private static int indexOf(int[] a, int v) {
        for (int i = 0; i < a.length; i++) {
            if (a[i] == v) {
                return i;
            }
        }
        return -1;
    }
}
