package io.qdm.noise.pairs;

import static io.qdm.noise.Tolerances.F64;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.qdm.noise.noise.Amplitudes;
import io.qdm.noise.noise.ForwardProcess;
import io.qdm.noise.noise.NoiseField;
import io.qdm.noise.noise.NoiseForm;
import io.qdm.noise.random.DrawKey;
import io.qdm.noise.random.StreamId;
import io.qdm.noise.schedule.NoiseSchedule;
import org.junit.jupiter.api.Test;

class TrainingPairMakerTest {
    private static final double[] X0 = Amplitudes.fromReal(new double[] {0.1, 0.2, 0.3, 0.4, 0.5, 0.1, 0.6, 0.2});

    static {
        Amplitudes.normaliseInPlace("x0", X0);
    }

    @Test
    void oneStepPairIsTheAuthorsRecipe() {
        ForwardProcess fp = ForwardProcess.authorsLatent();
        TrainingPair p = new TrainingPairMaker(fp, PairKind.ONE_STEP).make(X0, 3, 17, 1234, 5, 99);
        // target = sqrt(ab[5]) x0 + (1-ab[5]) eps1 ; input = sqrt(1-b[6]) target + b[6] eps2 ; both normalised.
        double[] e1 = new double[16];
        double[] e2 = new double[16];
        fp.drawNoise(new DrawKey(99, 1234, 5, StreamId.MARGINAL_NOISE), e1);
        fp.drawNoise(new DrawKey(99, 1234, 5, StreamId.STEP_NOISE), e2);
        NoiseSchedule s = fp.schedule();
        double[] target = new double[16];
        double[] input = new double[16];
        for (int i = 0; i < 16; i++) {
            target[i] = Math.sqrt(s.alphaBar(5)) * X0[i] + (1 - s.alphaBar(5)) * e1[i];
        }
        for (int i = 0; i < 16; i++) {
            input[i] = Math.sqrt(1 - s.beta(6)) * target[i] + s.beta(6) * e2[i];
        }
        Amplitudes.normaliseInPlace("t", target);
        Amplitudes.normaliseInPlace("i", input);
        for (int i = 0; i < 16; i++) {
            assertThat(p.target()[i]).isCloseTo(target[i], within(F64));
            assertThat(p.input()[i]).isCloseTo(input[i], within(F64));
        }
        assertThat(Amplitudes.norm(p.input())).isCloseTo(1, within(F64));
        assertThat(Amplitudes.norm(p.target())).isCloseTo(1, within(F64));
        assertThat(p.label()).isEqualTo(3);
        assertThat(p.datasetIndex()).isEqualTo(17);
        assertThat(p.timestep()).isEqualTo(5);
    }

    @Test
    void posteriorMeanAtTOneIsX0() {
        ForwardProcess fp = new ForwardProcess(NoiseSchedule.linearZeroPrepended(10, 1e-2, 1e-2), NoiseForm.DDPM,
                NoiseField.COMPLEX);
        TrainingPair p = new TrainingPairMaker(fp, PairKind.POSTERIOR_MEAN).make(X0, 1, 0, 0, 1, 7);
        for (int i = 0; i < 16; i++) {
            assertThat(p.target()[i]).isCloseTo(X0[i], within(F64));
        }
        // the input is a noisy x_1, not x0
        double overlap = 0;
        for (int i = 0; i < 16; i++) {
            overlap += p.input()[i] * X0[i];
        }
        assertThat(overlap).isLessThan(0.99);
    }

    @Test
    void posteriorMeanFollowsDdpmEquation7() {
        NoiseSchedule s = NoiseSchedule.linearZeroPrepended(10, 1e-2, 1e-2);
        ForwardProcess fp = new ForwardProcess(s, NoiseForm.DDPM, NoiseField.COMPLEX);
        int t = 6;
        TrainingPair p = new TrainingPairMaker(fp, PairKind.POSTERIOR_MEAN).make(X0, 1, 0, 55, t, 8);
        double[] eps = new double[16];
        fp.drawNoise(new DrawKey(8, 55, t, StreamId.MARGINAL_NOISE), eps);
        double ab = s.alphaBar(t), abPrev = s.alphaBar(t - 1), b = s.beta(t);
        double[] xt = new double[16];
        double[] mu = new double[16];
        for (int i = 0; i < 16; i++) {
            xt[i] = Math.sqrt(ab) * X0[i] + Math.sqrt(1 - ab) * eps[i];
            mu[i] = Math.sqrt(abPrev) * b / (1 - ab) * X0[i] + Math.sqrt(1 - b) * (1 - abPrev) / (1 - ab) * xt[i];
        }
        Amplitudes.normaliseInPlace("xt", xt);
        Amplitudes.normaliseInPlace("mu", mu);
        for (int i = 0; i < 16; i++) {
            assertThat(p.input()[i]).isCloseTo(xt[i], within(F64));
            assertThat(p.target()[i]).isCloseTo(mu[i], within(F64));
        }
    }

    @Test
    void timestepRangesDependOnThePairKind() {
        TrainingPairMaker one = new TrainingPairMaker(ForwardProcess.authorsLatent(), PairKind.ONE_STEP);
        assertThatThrownBy(() -> one.make(X0, 0, 0, 0, 8, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("timestep: 8 is out of range [0, 7] for ONE_STEP pairs with T = 8");
        TrainingPairMaker mu = new TrainingPairMaker(ForwardProcess.authorsLatent(), PairKind.POSTERIOR_MEAN);
        assertThatThrownBy(() -> mu.make(X0, 0, 0, 0, 0, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("timestep: 0 is out of range [1, 8] for POSTERIOR_MEAN pairs with T = 8");
        double[] nan = X0.clone();
        nan[3] = Double.NaN;
        assertThatThrownBy(() -> one.make(nan, 0, 0, 0, 1, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("x0: element 3 is NaN");
        assertThatThrownBy(() -> PairKind.fromName("epsilon")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("pair_kind: unknown pair kind 'epsilon' (expected one-step or posterior-mean)");
    }
}
