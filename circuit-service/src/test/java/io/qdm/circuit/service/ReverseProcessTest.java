package io.qdm.circuit.service;

import io.qdm.circuit.TestModels;

import static io.qdm.circuit.TestModels.randomStates;
import io.qdm.circuit.random.SampleStreams;
import io.qdm.circuit.registry.RegisteredModel;
import io.qdm.simulator.model.CompiledDenoiser;
import io.qdm.simulator.model.Denoiser;
import io.qdm.simulator.state.ComplexVector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ReverseProcessTest {

    private static final double NORM = 1e-12;
    private static final ReverseProcess PROCESS = new ReverseProcess(2);

    @AfterAll
    static void close() {
        PROCESS.close();
    }

    @Test
    void oneStepIsTheSimulatorForwardWithTheDerivedAncillaDraws() {
        RegisteredModel model = TestModels.conditioned();
        double[][] x = randomStates(3, 8, 1);
        int[] labels = {7, 0, 9};
        double[][] out = PROCESS.denoise(model, x, labels, 5, 1, 11L, 40);
        List<ComplexVector> inputs = new ArrayList<>();
        for (double[] row : x) {
            inputs.add(ReverseProcess.toVector(row));
        }
        double[] u = new double[3];
        for (int i = 0; i < 3; i++) {
            u[i] = SampleStreams.uniform(11L, 40 + i, 4, SampleStreams.ANCILLA, 0);
        }
        // bit for bit the folded sampler, and the gate-by-gate simulator to rounding
        List<ComplexVector> folded = CompiledDenoiser.compile(model.spec(), model.parameters())
                .forward(inputs, labels, new int[] {4, 4, 4}, u).outputs();
        try (Denoiser direct = new Denoiser(model.spec())) {
            List<ComplexVector> expected = direct.forward(model.parameters(), inputs, labels, new int[] {4, 4, 4}, u)
                    .outputs();
            for (int i = 0; i < 3; i++) {
                assertThat(out[i]).containsExactly(ReverseProcess.toInterleaved(folded.get(i)));
                assertThat(out[i]).containsExactly(ReverseProcess.toInterleaved(expected.get(i)),
                        org.assertj.core.api.Assertions.within(1e-12));
            }
        }
    }

    @Test
    void outputsAreUnitNormAndIndependentOfBatching() {
        RegisteredModel model = TestModels.conditioned();
        double[][] x = randomStates(6, 8, 2);
        int[] labels = {1, 2, 3, 4, 5, 6};
        double[][] whole = PROCESS.denoise(model, x, labels, 8, 8, 5L, 100);
        double[][] head = PROCESS.denoise(model, java.util.Arrays.copyOfRange(x, 0, 2), new int[] {1, 2}, 8, 8, 5L, 100);
        double[][] tail = PROCESS.denoise(model, java.util.Arrays.copyOfRange(x, 2, 6), new int[] {3, 4, 5, 6}, 8, 8, 5L, 102);
        for (int i = 0; i < 6; i++) {
            assertThat(i < 2 ? head[i] : tail[i - 2]).as("row %d", i).containsExactly(whole[i]);
            double n2 = 0;
            for (double v : whole[i]) {
                n2 += v * v;
            }
            assertThat(n2).isCloseTo(1.0, within(NORM));
        }
        // a different seed changes the ancilla draws and therefore (almost surely) some output
        double[][] otherSeed = PROCESS.denoise(model, x, labels, 8, 8, 6L, 100);
        assertThat(java.util.Arrays.deepEquals(otherSeed, whole)).isFalse();
    }

    @Test
    void badInputIsRejectedNamingTheField() {
        RegisteredModel model = TestModels.conditioned();
        double[][] x = randomStates(1, 8, 3);
        assertThatThrownBy(() -> PROCESS.denoise(model, randomStates(1, 4, 3), new int[] {1}, 1, 1, 0, 0))
                .hasMessage("states: row 0 has 4 amplitudes, model conditioned-latent-test:1 needs 8");
        double[][] scaled = {x[0].clone()};
        scaled[0][0] += 0.1;
        assertThatThrownBy(() -> PROCESS.denoise(model, scaled, new int[] {1}, 1, 1, 0, 0))
                .hasMessageStartingWith("states: row 0 has norm ");
        double[][] nan = {x[0].clone()};
        nan[0][3] = Double.NaN;
        assertThatThrownBy(() -> PROCESS.denoise(model, nan, new int[] {1}, 1, 1, 0, 0))
                .hasMessage("states: row 0 has a non-finite amplitude");
        assertThatThrownBy(() -> PROCESS.denoise(model, x, new int[] {10}, 1, 1, 0, 0))
                .hasMessage("labels: label 10 at row 0 is outside 0..9");
        assertThatThrownBy(() -> PROCESS.denoise(model, x, new int[0], 1, 1, 0, 0))
                .hasMessage("labels: model conditioned-latent-test:1 is conditioned; expected one label per row (1), got 0");
        assertThatThrownBy(() -> PROCESS.denoise(model, x, new int[] {1}, 9, 1, 0, 0))
                .hasMessage("timestep: must be in [1, 8] for model conditioned-latent-test:1, got 9");
        assertThatThrownBy(() -> PROCESS.denoise(model, x, new int[] {1}, 2, 3, 0, 0))
                .hasMessage("steps: must be in [1, timestep=2], got 3");
        assertThatThrownBy(() -> PROCESS.denoise(TestModels.unconditioned(), x, new int[] {1}, 1, 1, 0, 0))
                .hasMessage("labels: model latent-small-test:3 is unconditioned and takes no labels");
    }
}
