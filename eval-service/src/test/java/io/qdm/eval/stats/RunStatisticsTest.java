package io.qdm.eval.stats;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class RunStatisticsTest {

    private static final double EXACT = 1e-12;

    private static double[] images(int rows, int pixels, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] v = new double[rows * pixels];
        for (int i = 0; i < v.length; i++) {
            v[i] = rng.nextDouble();
        }
        return v;
    }

    @Test
    void streamingMomentsEqualTheTwoPassValuesOverAllBatches() {
        int pixels = 4;
        double[] a = images(3, pixels, 1);
        double[] b = images(5, pixels, 2);
        RunStatistics run = new RunStatistics("r", pixels);
        run.add(a, new int[] {1, 1, 2}, 0, 2);
        run.add(b, new int[0], 1, 2);
        double[] all = new double[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        double mean = java.util.Arrays.stream(all).average().orElseThrow();
        double var = java.util.Arrays.stream(all).map(v -> (v - mean) * (v - mean)).sum() / (all.length - 1);
        RunStatistics.Snapshot s = run.snapshot();
        assertThat(s.samples()).isEqualTo(8);
        assertThat(s.pixelMean()).isCloseTo(mean, within(EXACT));
        assertThat(s.pixelVariance()).isCloseTo(var, within(EXACT));
        assertThat(s.labelCounts()[1]).isEqualTo(2);
        assertThat(s.labelCounts()[2]).isEqualTo(1);
        for (int p = 0; p < pixels; p++) {
            double m = 0;
            for (int r = 0; r < 8; r++) {
                m += all[r * pixels + p];
            }
            assertThat(s.meanImage()[p]).isCloseTo(m / 8, within(EXACT));
        }
        assertThat(run.complete()).isTrue();
    }

    @Test
    void aRedeliveredBatchIsNotCountedTwice() {
        RunStatistics run = new RunStatistics("r", 2);
        assertThat(run.add(new double[] {0.5, 0.5}, new int[0], 0, 3)).isTrue();
        assertThat(run.add(new double[] {0.5, 0.5}, new int[0], 0, 3)).isFalse();
        assertThat(run.snapshot().samples()).isEqualTo(1);
        assertThat(run.complete()).isFalse();
    }

    @Test
    void badImagesAreRejectedNamingTheField() {
        RunStatistics run = new RunStatistics("r", 2);
        assertThatThrownBy(() -> run.add(new double[] {0.5, 1.5}, new int[0], 0, 1))
                .hasMessage("images: value 1.5 at flat index 1 is outside [0, 1]");
        assertThatThrownBy(() -> run.add(new double[] {0.5, 0.5, 0.5}, new int[0], 0, 1))
                .hasMessage("images: 3 values is not a whole number of 2-pixel images");
        assertThatThrownBy(() -> run.add(new double[] {0.5, 0.5}, new int[] {1, 2}, 0, 1))
                .hasMessage("labels: expected none or one per image (1), got 2");
        assertThatThrownBy(() -> run.add(new double[] {Double.NaN, 0.5}, new int[0], 0, 1))
                .hasMessage("images: value NaN at flat index 0 is outside [0, 1]");
        assertThat(run.snapshot().samples()).isZero();
    }
}
