package io.qdm.qpu.emulator;

import io.qdm.qpu.circuit.DenoiserCircuits;
import io.qdm.qpu.circuit.DenoiserCircuitsTest;
import io.qdm.qpu.circuit.DenoiserProgram;
import io.qdm.qpu.circuit.ProgramReadout;
import io.qdm.qpu.emulator.NoiseParameters;
import io.qdm.qpu.provider.CircuitResult;
import io.qdm.qpu.provider.EmulatorProvider;
import io.qdm.qpu.provider.ExecutionBatch;
import io.qdm.qpu.transpile.BackendTarget;
import io.qdm.qpu.transpile.IsaCircuit;
import io.qdm.qpu.transpile.Transpiler;
import io.qdm.simulator.circuit.BlockAnsatz;
import io.qdm.simulator.model.AncillaMode;
import io.qdm.simulator.model.Architecture;
import io.qdm.simulator.model.Denoiser;
import io.qdm.simulator.model.DenoiserSpec;
import io.qdm.simulator.model.ParameterSharing;
import io.qdm.simulator.state.ComplexVector;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shots and noisy providers against the exact distribution: counts within binomial confidence bounds, seeded
 * reproducibility, and fidelity that falls as the noise grows.
 */
class EmulatorStatisticsTest {

    private static final DenoiserSpec SPEC = new DenoiserSpec(3, 1, Architecture.REVERSE_BOTTLENECK,
            BlockAnsatz.STRONGLY_ENTANGLING, 1, 2, 1, AncillaMode.POSTSELECT_ZERO, ParameterSharing.SHARED, 4);
    private static final double[] PARAMS = DenoiserCircuitsTest.randomParameters(SPEC, 21);
    private static final ComplexVector X = DenoiserCircuitsTest.randomState(8, 4);

    private static DenoiserProgram program() {
        return DenoiserCircuits.build(SPEC, PARAMS, X.re(), X.im(), 1, new int[] {3});
    }

    private static ComplexVector exactOutput() {
        try (Denoiser d = new Denoiser(SPEC)) {
            return d.forward(PARAMS, List.of(X), new int[] {1}, new int[] {3}, null).outputs().get(0);
        }
    }

    private static List<CircuitResult> run(EmulatorProvider.Kind kind, IsaCircuit isa, int shots, long seed,
                                           NoiseParameters noise) {
        return new EmulatorProvider(kind, 10, Runnable::run).run(new ExecutionBatch("t", 0, List.of(isa), shots, seed, noise, 0, 0));
    }

    @Test
    void shotCountsLieWithinFiveSigmaOfTheExactPostSelectedDistribution() {
        DenoiserProgram program = program();
        IsaCircuit isa = Transpiler.transpile(program.program(), BackendTarget.allToAll("shots", 10));
        int shots = 200_000;
        long[] samples = run(EmulatorProvider.Kind.SHOTS, isa, shots, 99, null).get(0).samples();
        assertThat(samples).hasSize(shots);
        ProgramReadout.Estimate est = ProgramReadout.fromSamples(samples, program, 1, AncillaMode.POSTSELECT_ZERO, null);
        // exact success probability from the exact distribution of the same ISA circuit
        ProgramReadout.Estimate exact = ProgramReadout.fromProbabilities(
                run(EmulatorProvider.Kind.STATEVECTOR, isa, 0, 0, null).get(0).probabilities(), program, 1,
                AncillaMode.POSTSELECT_ZERO, null);
        double p = exact.kept();
        assertThat(p).isBetween(0.01, 1.0);
        assertThat(Math.abs(est.kept() - shots * p)).isLessThanOrEqualTo(5 * Math.sqrt(shots * p * (1 - p)));
        ComplexVector out = exactOutput();
        int outside = 0;
        for (int j = 0; j < 8; j++) {
            double pj = out.re(j) * out.re(j) + out.im(j) * out.im(j);
            double k = est.kept();
            double sigma = Math.sqrt(k * pj * (1 - pj));
            if (Math.abs(est.counts()[j] - k * pj) > 5 * sigma + 1) {
                outside++;
            }
            // the exact readout reproduces the library's output probabilities
            assertThat(exact.counts()[j] / exact.kept()).isCloseTo(pj, org.assertj.core.data.Offset.offset(1e-12));
        }
        assertThat(outside).isZero();
        // moduli fidelity to the exact output, (Σ m̂_j |ψ_j|)², is close to 1 at 200k shots
        double overlap = 0;
        for (int j = 0; j < 8; j++) {
            overlap += est.moduli()[j] * Math.hypot(out.re(j), out.im(j));
        }
        assertThat(overlap * overlap).isGreaterThan(0.999);
    }

    @Test
    void samplingIsReproducibleFromTheSeedAndChangesWithIt() {
        IsaCircuit isa = Transpiler.transpile(program().program(), BackendTarget.allToAll("shots", 10));
        long[] a = run(EmulatorProvider.Kind.SHOTS, isa, 1000, 5, null).get(0).samples();
        long[] b = run(EmulatorProvider.Kind.SHOTS, isa, 1000, 5, null).get(0).samples();
        long[] c = run(EmulatorProvider.Kind.SHOTS, isa, 1000, 6, null).get(0).samples();
        assertThat(a).isEqualTo(b);
        assertThat(a).isNotEqualTo(c);
    }

    @Test
    void noisyFidelityFallsStrictlyAsTheErrorRateGrowsAndEqualsTheExactOneWithoutNoise() {
        DenoiserProgram program = program();
        IsaCircuit isa = Transpiler.transpile(program.program(), BackendTarget.allToAll("noisy", 10));
        ComplexVector out = exactOutput();
        double[] rates = {0.0, 0.001, 0.005, 0.02, 0.05, 0.1};
        double previous = 2;
        for (double r : rates) {
            double[] p = IsaEmulator.probabilities(isa, new NoiseParameters(r, 10 * r > 0.9 ? 0.9 : 10 * r, r));
            ProgramReadout.Estimate est = ProgramReadout.fromProbabilities(p, program, 1, AncillaMode.POSTSELECT_ZERO, null);
            double overlap = 0;
            for (int j = 0; j < 8; j++) {
                overlap += est.moduli()[j] * Math.hypot(out.re(j), out.im(j));
            }
            double fidelity = overlap * overlap;
            if (r == 0) {
                assertThat(fidelity).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-12));
            } else {
                assertThat(fidelity).as("fidelity at error rate %s", r).isLessThan(previous);
            }
            previous = fidelity;
        }
        assertThat(previous).isLessThan(0.99);
    }

    @Test
    void densityMatrixStaysATraceOneStateAndDepolarisingToTheMaximumGivesTheMixedState() {
        DensityMatrix rho = new DensityMatrix(2);
        rho.apply(io.qdm.qpu.circuit.Op.of(io.qdm.simulator.gate.GateKind.H, 0));
        rho.depolarize2(0, 1, 15.0 / 16.0);
        assertThat(rho.trace()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-15));
        assertThat(rho.probabilities()).containsExactly(new double[] {0.25, 0.25, 0.25, 0.25},
                org.assertj.core.data.Offset.offset(1e-15));
        // readout error 0.1 on |00⟩: P(00) = 0.81, P(01) = P(10) = 0.09, P(11) = 0.01
        double[] p = {1, 0, 0, 0};
        IsaEmulator.applyReadoutError(p, 2, 0.1);
        assertThat(p).containsExactly(new double[] {0.81, 0.09, 0.09, 0.01}, org.assertj.core.data.Offset.offset(1e-15));
    }
}
