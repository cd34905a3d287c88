package io.qdm.qpu.transpile;

import io.qdm.qpu.Tolerances;
import io.qdm.qpu.circuit.DenoiserCircuits;
import io.qdm.qpu.circuit.DenoiserProgram;
import io.qdm.qpu.circuit.Op;
import io.qdm.qpu.circuit.QuantumProgram;
import io.qdm.qpu.emulator.StateVector;
import io.qdm.simulator.circuit.BlockAnsatz;
import io.qdm.simulator.gate.GateKind;
import io.qdm.simulator.model.AncillaMode;
import io.qdm.simulator.model.Architecture;
import io.qdm.simulator.model.DenoiserSpec;
import io.qdm.simulator.model.ParameterSharing;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Transpiled ≡ original up to global phase, by simulating both; every ISA circuit passes the backend checks. */
class TranspilerTest {

    private static final Set<String> NATIVE_CZ = Set.of("rz", "sx", "x", "cz");
    private static final Set<String> NATIVE_ECR = Set.of("rz", "sx", "x", "ecr");

    /** The ISA circuit's unitary restricted to the logical wires: physical ops on compact qubits, then un-permuted. */
    private static double[][] isaUnitaryOnLogical(IsaCircuit isa, int n) {
        // Program start state |j⟩ on logical wires placed on initialLayout; read back through finalLayout.
        int[] used = isa.usedQubits();
        int m = used.length;
        int[] compact = new int[isa.target().numQubits()];
        for (int i = 0; i < m; i++) {
            compact[used[i]] = i;
        }
        List<Op> ops = new ArrayList<>();
        for (Op op : isa.ops()) {
            int[] q = op.qubits().clone();
            for (int k = 0; k < q.length; k++) {
                q[k] = compact[q[k]];
            }
            ops.add(op.onQubits(q));
        }
        int dim = 1 << n;
        double[][] cols = new double[dim][];
        for (int j = 0; j < dim; j++) {
            double[] re = new double[1 << m];
            double[] im = new double[1 << m];
            int start = 0;
            for (int w = 0; w < n; w++) {
                if (((j >> (n - 1 - w)) & 1) == 1) {
                    start |= 1 << (m - 1 - compact[isa.initialLayout()[w]]);
                }
            }
            re[start] = 1;
            StateVector v = new StateVector(re, im).apply(ops);
            double[] col = new double[2 * dim];
            for (int a = 0; a < (1 << m); a++) {
                if (v.re()[a] == 0 && v.im()[a] == 0) {
                    continue;
                }
                int logical = 0;
                int rest = a;
                for (int w = 0; w < n; w++) {
                    int bit = m - 1 - compact[isa.finalLayout()[w]];
                    logical = (logical << 1) | ((a >> bit) & 1);
                    rest &= ~(1 << bit);
                }
                assertThat(rest == 0 || Math.hypot(v.re()[a], v.im()[a]) < 1e-9)
                        .as("ancilla physical qubits return to |0⟩").isTrue();
                col[2 * logical] += v.re()[a];
                col[2 * logical + 1] += v.im()[a];
            }
            cols[j] = col;
        }
        return cols;
    }

    private static void assertEquivalent(QuantumProgram program, BackendTarget target) {
        IsaCircuit isa = Transpiler.transpile(program, target);
        for (Op op : isa.ops()) {
            assertThat(target.basisGates()).contains(IsaCircuit.nativeName(op.kind()));
        }
        double d = Unitaries.distanceUpToGlobalPhase(Unitaries.columns(program.ops(), program.numQubits()),
                isaUnitaryOnLogical(isa, program.numQubits()));
        assertThat(d).as("transpiled vs original on " + target.device()).isLessThan(Tolerances.MATRIX_F64);
    }

    @Test
    void randomOneQubitUnitariesDecomposeIntoRzSxExactlyUpToGlobalPhase() {
        SplittableRandom rng = new SplittableRandom(3);
        GateKind[] kinds = {GateKind.ROT, GateKind.R3, GateKind.U3, GateKind.RX, GateKind.RY, GateKind.H, GateKind.X,
                GateKind.Y, GateKind.S, GateKind.T, GateKind.SX};
        int checked = 0;
        for (GateKind kind : kinds) {
            for (int trial = 0; trial < 10; trial++) {
                double[] p = new double[kind.parameterCount()];
                for (int i = 0; i < p.length; i++) {
                    p[i] = (rng.nextDouble() - 0.5) * 4 * Math.PI;
                }
                List<Op> original = List.of(Op.of(kind, 0, p));
                List<Op> lowered = Transpiler.decompose(kind.matrix(p), 0);
                assertThat(lowered).allMatch(op -> op.kind() == GateKind.RZ || op.kind() == GateKind.SX || op.kind() == GateKind.X);
                assertThat(lowered.size()).isLessThanOrEqualTo(5);
                assertThat(Unitaries.distanceUpToGlobalPhase(Unitaries.columns(original, 1), Unitaries.columns(lowered, 1)))
                        .as("%s%s", kind, java.util.Arrays.toString(p)).isLessThan(Tolerances.MATRIX_F64);
                checked++;
            }
        }
        assertThat(checked).isEqualTo(110);
        // a pure Z rotation is one rz; the identity is nothing
        assertThat(Transpiler.decompose(GateKind.RZ.matrix(0.3), 4)).containsExactly(Op.of(GateKind.RZ, 4, 0.3));
        assertThat(Transpiler.decompose(GateKind.RZ.matrix(0.0), 4)).isEmpty();
        // X stays one x; H and SX need a single sx
        assertThat(Transpiler.decompose(GateKind.X.matrix(), 0)).containsExactly(Op.of(GateKind.X, 0));
        assertThat(Transpiler.decompose(GateKind.H.matrix(), 0).stream().filter(o -> o.kind() == GateKind.SX).count()).isEqualTo(1);
        assertThat(Transpiler.decompose(GateKind.SX.matrix(), 0)).containsExactly(Op.of(GateKind.SX, 0));
    }

    @Test
    void cnotThroughEcrIdentityHolds() {
        List<Op> ecr = List.of(Op.of(GateKind.X, 0), Op.of(GateKind.SX, 1), Op.of2(GateKind.ECR, 0, 1),
                Op.of(GateKind.RZ, 0, Math.PI / 2));
        assertThat(Unitaries.distanceUpToGlobalPhase(Unitaries.columns(List.of(Op.of2(GateKind.CNOT, 0, 1)), 2),
                Unitaries.columns(ecr, 2))).isLessThan(Tolerances.MATRIX_F64);
    }

    private static QuantumProgram denoiserProgram(int dataQubits, int labelQubits, int steps) {
        DenoiserSpec spec = new DenoiserSpec(dataQubits, labelQubits, Architecture.REVERSE_BOTTLENECK,
                BlockAnsatz.STRONGLY_ENTANGLING, 1, 2, 1, AncillaMode.POSTSELECT_ZERO, ParameterSharing.SHARED, 3);
        double[] params = new double[spec.parameterCount()];
        SplittableRandom rng = new SplittableRandom(9);
        for (int i = 0; i < params.length; i++) {
            params[i] = rng.nextDouble() * 6.283;
        }
        int[] ts = new int[steps];
        for (int s = 0; s < steps; s++) {
            ts[s] = 2 - s;
        }
        double[] re = java.util.Arrays.copyOf(new double[] {0.3, -0.2, 0.5, 0.1, 0.4, 0.2, -0.6, 0.2}, 1 << dataQubits);
        double[] im = java.util.Arrays.copyOf(new double[] {0.1, 0.2, 0, -0.3, 0.2, 0, 0.1, 0}, 1 << dataQubits);
        DenoiserProgram p = DenoiserCircuits.build(spec, params, re, im, labelQubits == 0 ? 0 : 1, ts);
        return p.program();
    }

    @Test
    void denoiserStepOnAllToAllCzDeviceIsExact() {
        QuantumProgram program = denoiserProgram(3, 0, 1);
        assertEquivalent(program, BackendTarget.allToAll("shots", 8));
        IsaCircuit isa = Transpiler.transpile(program, BackendTarget.allToAll("shots", 8));
        assertThat(isa.swaps()).isZero();
        assertThat(isa.initialLayout()).containsExactly(0, 1, 2, 3);
        assertThat(isa.gateCounts().keySet()).isSubsetOf(NATIVE_CZ);
    }

    @Test
    void denoiserOnALineNeedsSwapsAndStaysExactWithCzAndWithEcr() {
        QuantumProgram program = denoiserProgram(3, 1, 1);   // 5 wires with ring CNOTs: not embeddable in a line
        BackendTarget cz = BackendTarget.line("ibm", "line-7-cz", 7, "cz");
        assertEquivalent(program, cz);
        IsaCircuit isa = Transpiler.transpile(program, cz);
        assertThat(isa.swaps()).isPositive();
        assertThat(isa.finalLayout()).isNotEqualTo(isa.initialLayout());
        BackendTarget ecr = BackendTarget.line("ibm", "line-7-ecr", 7, "ecr");
        assertEquivalent(program, ecr);
        assertThat(Transpiler.transpile(program, ecr).gateCounts().keySet()).isSubsetOf(NATIVE_ECR);
    }

    @Test
    void ecrOnlyInOneDirectionIsReversedWithHadamards() {
        List<int[]> edges = List.of(new int[] {1, 0}, new int[] {2, 1});
        BackendTarget oneWay = new BackendTarget("ibm", "eagle-3", 3, Set.of("rz", "sx", "x", "ecr"), edges, "", true);
        QuantumProgram program = new QuantumProgram(3, List.of(Op.of(GateKind.H, 0), Op.of2(GateKind.CNOT, 0, 1),
                Op.of(GateKind.RY, 2, 0.7), Op.of2(GateKind.CNOT, 1, 2), Op.of2(GateKind.CNOT, 0, 2)));
        assertEquivalent(program, oneWay);
        for (Op op : Transpiler.transpile(program, oneWay).ops()) {
            if (op.isTwoQubit()) {
                assertThat(oneWay.allows(op.qubits()[0], op.qubits()[1])).isTrue();
            }
        }
    }

    @Test
    void wholeChainOnHeavyHexLikeGraphIsExact() {
        QuantumProgram program = denoiserProgram(2, 0, 2);
        // a 7-qubit "H" shape: 0-1-2, 1-3, 3-5, 4-5-6 (degree ≤ 3, no cycles, as heavy-hex fragments)
        int[][] undirected = {{0, 1}, {1, 2}, {1, 3}, {3, 5}, {4, 5}, {5, 6}};
        List<int[]> edges = new ArrayList<>();
        for (int[] e : undirected) {
            edges.add(e);
            edges.add(new int[] {e[1], e[0]});
        }
        assertEquivalent(program, new BackendTarget("ibm", "h7", 7, NATIVE_CZ, edges, "2026-11-26T00:00:00Z", true));
    }

    @Test
    void qasmUsesHardwareQubitsNumericLiteralsAndOneMeasurePerWire() {
        QuantumProgram program = new QuantumProgram(2, List.of(Op.of(GateKind.X, 0), Op.of2(GateKind.CNOT, 0, 1)));
        IsaCircuit isa = Transpiler.transpile(program, BackendTarget.allToAll("shots", 2));
        assertThat(isa.toQasm3()).isEqualTo("""
                OPENQASM 3.0;
                include "stdgates.inc";
                bit[2] c;
                x $0;
                rz(1.5707963267948966) $1;
                sx $1;
                rz(1.5707963267948968) $1;
                cz $0, $1;
                rz(1.5707963267948966) $1;
                sx $1;
                rz(1.5707963267948968) $1;
                c[0] = measure $0;
                c[1] = measure $1;
                """);
    }

    @Test
    void validatorRejectsNonIsaCircuitsNamingTheViolation() {
        BackendTarget line = BackendTarget.line("ibm", "line-3", 3, "cz");
        assertThatThrownBy(() -> IsaValidator.validate(new IsaCircuit(List.of(Op.of2(GateKind.CZ, 0, 2)),
                new int[] {0, 2}, new int[] {0, 2}, line, 0)))
                .hasMessage("device: cz $0, $2 is not on the coupling map of line-3");
        assertThatThrownBy(() -> IsaValidator.validate(new IsaCircuit(List.of(Op.of(GateKind.H, 0)),
                new int[] {0}, new int[] {0}, line, 0)))
                .hasMessageStartingWith("device: gate h is not in the basis");
        assertThatThrownBy(() -> Transpiler.transpile(denoiserProgram(3, 1, 1), BackendTarget.line("ibm", "line-4", 4, "cz")))
                .hasMessage("device: program needs 5 qubits, line-4 has 4");
    }

    @Test
    void thePapersConditionedLatentStepRoutesOntoA133QubitHeavyHexSizedDeviceQuickly() {
        DenoiserSpec spec = DenoiserSpec.conditionedLatent();
        double[] params = new double[spec.parameterCount()];
        SplittableRandom rng = new SplittableRandom(2);
        for (int i = 0; i < params.length; i++) {
            params[i] = rng.nextDouble() * 6.283;
        }
        QuantumProgram program = DenoiserCircuits.build(spec, params, new double[] {1, 0, 0, 0, 0, 0, 0, 1}, null, 3,
                new int[] {7}).program();
        // 133 qubits: rows of a brick-like lattice, degree ≤ 3, as IBM's heavy-hex devices
        List<int[]> edges = new ArrayList<>();
        int cols = 19;
        for (int q = 0; q < 133; q++) {
            if ((q + 1) % cols != 0 && q + 1 < 133) {
                edges.add(new int[] {q, q + 1});
                edges.add(new int[] {q + 1, q});
            }
            if (q % 4 == (q / cols % 2 == 0 ? 0 : 2) && q + cols < 133) {
                edges.add(new int[] {q, q + cols});
                edges.add(new int[] {q + cols, q});
            }
        }
        BackendTarget device = new BackendTarget("ibm", "hh133", 133, NATIVE_CZ, edges, "", true);
        long start = System.nanoTime();
        IsaCircuit isa = Transpiler.transpile(program, device);
        double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(seconds).as("transpile time").isLessThan(20);
        assertThat(isa.swaps()).as("a CNOT ring on 8 wires needs SWAPs on a degree-3 lattice").isPositive();
        IsaValidator.validate(isa);
        // same output state as the logical program (statevector on the touched qubits, read through the final layout)
        double[] logical = new StateVector(8).apply(program.ops()).probabilities();
        double[] physical = io.qdm.qpu.emulator.IsaEmulator.probabilities(isa, null);
        for (int a = 0; a < logical.length; a++) {
            assertThat(physical[a]).isCloseTo(logical[a], org.assertj.core.data.Offset.offset(1e-10));
        }
    }
}
