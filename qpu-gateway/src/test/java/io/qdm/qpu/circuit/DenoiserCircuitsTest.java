package io.qdm.qpu.circuit;

import io.qdm.qpu.Tolerances;
import io.qdm.qpu.emulator.StateVector;
import io.qdm.simulator.circuit.BlockAnsatz;
import io.qdm.simulator.model.AncillaMode;
import io.qdm.simulator.model.Architecture;
import io.qdm.simulator.model.Denoiser;
import io.qdm.simulator.model.DenoiserSpec;
import io.qdm.simulator.model.ParameterSharing;
import io.qdm.simulator.state.ComplexVector;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gate-level program (state preparation + bound blocks + deferred measurements) against the simulator
 * library's Denoiser, the exact reference: same output state up to global phase, for every architecture, ancilla
 * mode and parameter sharing, one step and whole chains.
 */
public class DenoiserCircuitsTest {

    public static double[] randomParameters(DenoiserSpec spec, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] p = new double[spec.parameterCount()];
        for (int i = 0; i < p.length; i++) {
            p[i] = rng.nextDouble() * 2 * Math.PI;
        }
        return p;
    }

    public static ComplexVector randomState(int dim, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] re = new double[dim];
        double[] im = new double[dim];
        double n = 0;
        for (int j = 0; j < dim; j++) {
            re[j] = StatePreparationTest.gaussian(rng);
            im[j] = StatePreparationTest.gaussian(rng);
            n += re[j] * re[j] + im[j] * im[j];
        }
        for (int j = 0; j < dim; j++) {
            re[j] /= Math.sqrt(n);
            im[j] /= Math.sqrt(n);
        }
        return new ComplexVector(re, im);
    }

    /** The data register's amplitudes conditioned on every ancilla = branch[s] and every label register = label. */
    static ComplexVector conditional(StateVector psi, DenoiserProgram layout, int label, int[] branch) {
        int n = psi.numQubits();
        int[] data = layout.dataWires();
        double[] re = new double[1 << data.length];
        double[] im = new double[1 << data.length];
        for (int a = 0; a < (1 << n); a++) {
            boolean keep = true;
            for (int s = 0; s < layout.steps() && keep; s++) {
                keep = bit(a, n, layout.ancillaWires()[s]) == branch[s];
                int[] lw = layout.labelWires()[s];
                for (int j = 0; j < lw.length && keep; j++) {
                    keep = bit(a, n, lw[j]) == ((label >> (lw.length - 1 - j)) & 1);
                }
            }
            if (!keep) {
                continue;
            }
            int j = 0;
            for (int w : data) {
                j = (j << 1) | bit(a, n, w);
            }
            re[j] += psi.re()[a];
            im[j] += psi.im()[a];
        }
        return new ComplexVector(re, im);
    }

    static int bit(int index, int n, int wire) {
        return (index >> (n - 1 - wire)) & 1;
    }

    private static void assertMatchesDenoiser(DenoiserSpec spec, int steps, double[] uniformsPerStep) {
        double[] params = randomParameters(spec, 11);
        ComplexVector x = randomState(spec.dataDimension(), 5);
        int label = spec.labelCount() - 1;
        int[] ts = new int[steps];
        for (int s = 0; s < steps; s++) {
            ts[s] = spec.timesteps() - 1 - s;
        }
        // exact chain through the library
        ComplexVector expected = x;
        int[] branches = new int[steps];
        try (Denoiser d = new Denoiser(spec)) {
            for (int s = 0; s < steps; s++) {
                double[] u = {uniformsPerStep[s]};
                var eval = d.forward(params, List.of(expected), new int[] {label}, new int[] {ts[s]}, u);
                expected = eval.outputs().get(0);
                branches[s] = eval.ancillaOutcomes()[0];
            }
        }
        DenoiserProgram program = DenoiserCircuits.build(spec, params, x.re(), x.im(), label, ts);
        StateVector psi = new StateVector(program.program().numQubits()).apply(program.program().ops());
        ComplexVector got = conditional(psi, program, label, branches);
        double f = StateVector.fidelity(got.re(), got.im(), expected.re(), expected.im());
        assertThat(f).as("fidelity to the library's Denoiser").isGreaterThanOrEqualTo(1 - Tolerances.FIDELITY_F64);
        // The exact readout of the whole distribution gives the same moduli and picks the same branches.
        var estimate = ProgramReadout.fromProbabilities(psi.probabilities(), program, label, spec.ancillaMode(),
                uniformsPerStep);
        for (int j = 0; j < spec.dataDimension(); j++) {
            double m = Math.hypot(expected.re(j), expected.im(j));
            assertThat(estimate.moduli()[j]).isCloseTo(m, org.assertj.core.data.Offset.offset(1e-10));
        }
    }

    @Test
    void reverseBottleneckPostSelectedOneStepEqualsTheLibrary() {
        assertMatchesDenoiser(new DenoiserSpec(2, 1, Architecture.REVERSE_BOTTLENECK, BlockAnsatz.STRONGLY_ENTANGLING,
                2, 3, 2, AncillaMode.POSTSELECT_ZERO, ParameterSharing.SHARED, 4), 1, new double[] {0});
    }

    @Test
    void reverseBottleneckSampledMeasurementBothBranchesEqualsTheLibrary() {
        DenoiserSpec spec = new DenoiserSpec(3, 1, Architecture.REVERSE_BOTTLENECK, BlockAnsatz.STRONGLY_ENTANGLING,
                1, 2, 1, AncillaMode.SAMPLED_MEASUREMENT, ParameterSharing.SHARED, 4);
        assertMatchesDenoiser(spec, 1, new double[] {0.0});
        assertMatchesDenoiser(spec, 1, new double[] {0.999999});
    }

    @Test
    void bottleneckArchitectureEqualsTheLibrary() {
        assertMatchesDenoiser(new DenoiserSpec(2, 1, Architecture.BOTTLENECK, BlockAnsatz.STRONGLY_ENTANGLING,
                2, 2, 2, AncillaMode.POSTSELECT_ZERO, ParameterSharing.SHARED, 4), 1, new double[] {0});
    }

    @Test
    void wholeChainOfThreePerTimestepStepsWithFreshAncillasEqualsTheLibraryChain() {
        DenoiserSpec spec = new DenoiserSpec(3, 0, Architecture.REVERSE_BOTTLENECK, BlockAnsatz.IDENTITY_R3,
                2, 2, 2, AncillaMode.POSTSELECT_ZERO, ParameterSharing.PER_TIMESTEP, 4);
        assertMatchesDenoiser(spec, 3, new double[] {0, 0, 0});
        DenoiserProgram p = DenoiserCircuits.build(spec, randomParameters(spec, 1), new double[] {1, 0, 0, 0, 0, 0, 0, 0},
                null, 0, new int[] {3, 2, 1});
        assertThat(p.program().numQubits()).isEqualTo(3 + 3);
        assertThat(p.ancillaWires()).containsExactly(3, 4, 5);
        assertThat(p.dataWires()).containsExactly(0, 1, 2);
    }

    @Test
    void conditionedWholeChainUsesAFreshLabelRegisterPerStep() {
        DenoiserSpec spec = new DenoiserSpec(2, 2, Architecture.REVERSE_BOTTLENECK, BlockAnsatz.STRONGLY_ENTANGLING,
                1, 1, 1, AncillaMode.SAMPLED_MEASUREMENT, ParameterSharing.SHARED, 3);
        assertMatchesDenoiser(spec, 2, new double[] {0.3, 0.6});
        DenoiserProgram p = DenoiserCircuits.build(spec, randomParameters(spec, 1), new double[] {1, 0, 0, 0}, null, 2,
                new int[] {2, 1});
        assertThat(p.program().numQubits()).isEqualTo(2 + 2 + 1 + 2 + 1);
        assertThat(p.labelWires()[0]).containsExactly(0, 1);
        assertThat(p.labelWires()[1]).containsExactly(5, 6);
        assertThat(p.ancillaWires()).containsExactly(4, 7);
        List<Op> xs = new ArrayList<>(p.program().ops().stream().filter(o -> o.kind() == io.qdm.simulator.gate.GateKind.X).toList());
        // label 2 = binary 10: X on the most significant label wire of each step's register
        assertThat(xs).containsExactly(Op.of(io.qdm.simulator.gate.GateKind.X, 0), Op.of(io.qdm.simulator.gate.GateKind.X, 5));
    }
}
