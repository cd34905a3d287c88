package io.qdm.noise.noise;

import static io.qdm.noise.Tolerances.F64;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.qdm.noise.Tolerances;
import io.qdm.noise.random.DrawKey;
import io.qdm.noise.random.StreamId;
import io.qdm.noise.schedule.NoiseSchedule;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ForwardProcessTest {
    private static final NoiseSchedule AUTHORS = NoiseSchedule.authorsLatent();

    private static double[][] unitRows(int n, int dim) {
        double[][] rows = new double[n][];
        for (int i = 0; i < n; i++) {
            double[] r = new double[dim];
            for (int k = 0; k < dim; k++) {
                r[k] = 1 + ((i * 31 + k * 7) % 11);
            }
            rows[i] = Amplitudes.normaliseInPlace("x0", Amplitudes.fromReal(r));
        }
        return rows;
    }

    @Test
    void formsUseTheirCoefficients() {
        assertThat(NoiseForm.AUTHORS_CODE.marginalNoiseCoefficient(0.75)).isEqualTo(0.25);
        assertThat(NoiseForm.DDPM.marginalNoiseCoefficient(0.75)).isEqualTo(0.5);
        assertThat(NoiseForm.AUTHORS_CODE.stepNoiseCoefficient(0.09)).isEqualTo(0.09);
        assertThat(NoiseForm.DDPM.stepNoiseCoefficient(0.09)).isCloseTo(0.3, within(F64));
        assertThat(NoiseForm.fromName("authors-code")).isEqualTo(NoiseForm.AUTHORS_CODE);
        assertThatThrownBy(() -> NoiseForm.fromName("vp-sde")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("schedule.form: unknown noise form 'vp-sde' (expected authors-code or ddpm)");
    }

    @Test
    void marginalAndStepFollowTheAuthorsCodeFormulas() {
        ForwardProcess fp = ForwardProcess.authorsLatent();
        double[] x0 = {0.6, 0.0, 0.8, 0.0};
        double[] eps = {0.5, -1.0, 2.0, 0.25};
        double[] out = new double[4];
        fp.marginal(x0, 3, eps, out);
        double ab = AUTHORS.alphaBar(3);
        for (int i = 0; i < 4; i++) {
            assertThat(out[i]).isCloseTo(Math.sqrt(ab) * x0[i] + (1 - ab) * eps[i], within(F64));
        }
        fp.step(x0, 4, eps, out);
        double b = AUTHORS.beta(4);
        for (int i = 0; i < 4; i++) {
            assertThat(out[i]).isCloseTo(Math.sqrt(1 - b) * x0[i] + b * eps[i], within(F64));
        }
        ForwardProcess ddpm = new ForwardProcess(AUTHORS, NoiseForm.DDPM, NoiseField.COMPLEX);
        ddpm.marginal(x0, 3, eps, out);
        for (int i = 0; i < 4; i++) {
            assertThat(out[i]).isCloseTo(Math.sqrt(ab) * x0[i] + Math.sqrt(1 - ab) * eps[i], within(F64));
        }
    }

    @Test
    void ddpmMarginalHasTheRightMeanAndVariance() {
        ForwardProcess fp = new ForwardProcess(AUTHORS, NoiseForm.DDPM, NoiseField.COMPLEX);
        double[][] x0 = {{0.6, 0.0, 0.8, 0.0}};
        int n = 200_000;
        int t = 5;
        double sum = 0, sumSq = 0, sumIm = 0;
        for (int i = 0; i < n; i++) {
            double[] xt = fp.noise(x0, t, 99, i, false)[0];
            sum += xt[2];
            sumSq += xt[2] * xt[2];
            sumIm += xt[3];
        }
        double ab = AUTHORS.alphaBar(t);
        double mean = sum / n;
        assertThat(mean).isCloseTo(Math.sqrt(ab) * 0.8, within(5 * Math.sqrt((1 - ab) / n)));
        assertThat(sumSq / n - mean * mean).isCloseTo(1 - ab, within(5 * (1 - ab) * Math.sqrt(2.0 / n)));
        assertThat(sumIm / n).isCloseTo(0, within(5 * Math.sqrt((1 - ab) / n)));
    }

    @Test
    void realNoiseLeavesImaginaryPartsOfRealStatesZero() {
        ForwardProcess fp = new ForwardProcess(AUTHORS, NoiseForm.AUTHORS_CODE, NoiseField.REAL);
        double[][] out = fp.noise(unitRows(20, 8), 6, 1, 0, true);
        for (double[] row : out) {
            for (int k = 0; k < 8; k++) {
                assertThat(row[2 * k + 1]).isZero();
            }
            assertThat(Amplitudes.norm(row)).isCloseTo(1, within(F64));
        }
    }

    @Test
    void noiseIsByteIdenticalHoweverTheBatchIsSplit() {
        ForwardProcess fp = ForwardProcess.authorsLatent();
        double[][] x0 = unitRows(100, 8);
        byte[] whole = Tolerances.bytes(fp.noise(x0, 4, 2024, 1000, true));
        double[][] parts = new double[100][];
        for (int start = 0; start < 100; start += 7) {
            int end = Math.min(100, start + 7);
            double[][] out = fp.noise(Arrays.copyOfRange(x0, start, end), 4, 2024, 1000 + start, true);
            System.arraycopy(out, 0, parts, start, out.length);
        }
        assertThat(Tolerances.bytes(parts)).isEqualTo(whole);
        // and a different seed or first index gives different rows
        assertThat(Tolerances.bytes(fp.noise(x0, 4, 2025, 1000, true))).isNotEqualTo(whole);
        assertThat(Tolerances.bytes(fp.noise(x0, 4, 2024, 1001, true))).isNotEqualTo(whole);
    }

    @Test
    void noiseRowIUsesTheMarginalStreamOfItsAbsoluteIndex() {
        ForwardProcess fp = ForwardProcess.authorsLatent();
        double[][] x0 = unitRows(3, 4);
        double[][] got = fp.noise(x0, 2, 5, 40, false);
        double[] eps = new double[8];
        double[] expected = new double[8];
        fp.drawNoise(new DrawKey(5, 42, 2, StreamId.MARGINAL_NOISE), eps);
        fp.marginal(x0[2], 2, eps, expected);
        assertThat(got[2]).containsExactly(expected);
    }

    @Test
    void badInputNamesTheFieldAndReason() {
        ForwardProcess fp = ForwardProcess.authorsLatent();
        double[][] good = unitRows(2, 8);
        assertThatThrownBy(() -> fp.noise(good, 9, 1, 0, true)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("timestep: 9 is out of range [0, 8] for a LINEAR schedule with T = 8");
        assertThatThrownBy(() -> fp.noise(new double[][] {good[0], new double[8]}, 1, 1, 0, true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("states: row 1 has dimension 4, row 0 has 8");
        double[][] nan = {good[0].clone()};
        nan[0][5] = Double.NaN;
        assertThatThrownBy(() -> fp.noise(nan, 1, 1, 0, true)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("states[0]: element 5 is NaN (NaN and infinities are not valid amplitudes)");
        double[][] inf = {good[0].clone()};
        inf[0][0] = Double.POSITIVE_INFINITY;
        assertThatThrownBy(() -> fp.noise(inf, 1, 1, 0, true)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("states[0]: element 0 is Infinity");
        assertThatThrownBy(() -> fp.noise(new double[0][], 1, 1, 0, true)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("states: at least one row is required");
        assertThatThrownBy(() -> fp.noise(new double[][] {new double[3]}, 1, 1, 0, true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("states: row 0 has 3 doubles");
        assertThatThrownBy(() -> fp.noise(good, 1, 1, -1, true)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("first_sample_index: must be >= 0, got -1");
        assertThatThrownBy(() -> NoiseField.fromName("quaternion")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("schedule.field: unknown noise field 'quaternion'");
    }
}
