package io.qdm.qpu.circuit;

import io.qdm.qpu.Tolerances;
import io.qdm.qpu.emulator.StateVector;
import io.qdm.simulator.gate.GateKind;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class StatePreparationTest {

    @Test
    void preparesRandomComplexStatesWithFidelityAboveOneMinus1e12ForOneToEightQubits() {
        SplittableRandom rng = new SplittableRandom(7);
        int checked = 0;
        double worst = 1;
        for (int m = 1; m <= 8; m++) {
            for (int trial = 0; trial < 20; trial++) {
                int dim = 1 << m;
                double[] re = new double[dim];
                double[] im = new double[dim];
                for (int j = 0; j < dim; j++) {
                    re[j] = gaussian(rng);
                    im[j] = gaussian(rng);
                }
                if (trial % 5 == 0 && m > 1) { // some exact zeros: sparse states hit the 0/0 angle branch
                    re[dim - 1] = 0;
                    im[dim - 1] = 0;
                    re[0] = 0;
                    im[0] = 0;
                }
                int[] wires = new int[m];
                for (int i = 0; i < m; i++) {
                    wires[i] = i;
                }
                StateVector prepared = new StateVector(m).apply(StatePreparation.prepare(re, im, wires));
                double f = prepared.fidelity(new StateVector(re, im));
                worst = Math.min(worst, f);
                checked++;
            }
        }
        assertThat(checked).isEqualTo(160);
        assertThat(worst).isGreaterThanOrEqualTo(1 - Tolerances.FIDELITY_F64);
    }

    @Test
    void preparesOnArbitraryWiresOfALargerRegisterLeavingTheOthersInZero() {
        double[] re = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.0, 0.2};
        double[] im = {0.0, -0.3, 0.1, 0.0, 0.2, 0.0, 0.5, -0.1};
        // data on wires 3, 1, 4 (3 = MSB) of a 5-wire register
        List<Op> ops = StatePreparation.prepare(re, im, new int[] {3, 1, 4});
        StateVector got = new StateVector(5).apply(ops);
        double[] er = new double[32];
        double[] ei = new double[32];
        for (int j = 0; j < 8; j++) {
            int b3 = (j >> 2) & 1;
            int b1 = (j >> 1) & 1;
            int b4 = j & 1;
            int index = (b1 << 3) | (b3 << 1) | b4;   // wire w = bit 4−w
            er[index] = re[j];
            ei[index] = im[j];
        }
        assertThat(got.fidelity(new StateVector(er, ei))).isGreaterThanOrEqualTo(1 - Tolerances.FIDELITY_F64);
    }

    @Test
    void realNonNegativeInputNeedsOnlyRyAndCnotWithTheMottonenCnotCount() {
        double[] re = {0.5, 0.5, 0.5, 0.5};
        List<Op> ops = StatePreparation.prepare(re, null, new int[] {0, 1});
        assertThat(ops).allMatch(op -> op.kind() == GateKind.RY || op.kind() == GateKind.CNOT);
        // 2^(m+1) − 2 = 2 CNOTs for m = 2
        assertThat(ops.stream().filter(Op::isTwoQubit).count()).isEqualTo(2);
        // |+⟩|+⟩: RY(π/2) on wire 0, then the uniformly controlled RY(π/2, π/2) = RY(π/2) with a CNOT pair
        assertThat(ops.get(0)).isEqualTo(Op.of(GateKind.RY, 0, Math.PI / 2));
    }

    @Test
    void rejectsTheZeroVectorAndWrongLengths() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> StatePreparation.prepare(new double[4], null, new int[] {0, 1}))
                .hasMessage("cannot prepare the zero vector");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> StatePreparation.prepare(new double[3], null, new int[] {0, 1}))
                .hasMessage("state has 3 amplitudes, expected 2^2 = 4");
    }

    static double gaussian(SplittableRandom rng) {
        return Math.sqrt(-2 * Math.log(1 - rng.nextDouble())) * Math.cos(2 * Math.PI * rng.nextDouble());
    }
}
