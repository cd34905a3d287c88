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

    @Test
    void featuresAreStoredUpToTheBoundWhileTheirMomentsCoverEverySample() {
        int pixels = 2;
        RunStatistics run = new RunStatistics("r", pixels, 2, 3, 3);
        float[] f1 = {1, 2, 3, 4};
        float[] p1 = {0.1f, 0.8f, 0.1f, 0.7f, 0.2f, 0.1f};
        assertThat(run.add(new double[] {0, 0.5, 0.5, 1}, new int[] {1, 0}, 0, 3, f1, p1)).isTrue();
        assertThat(run.seen(0)).isTrue();
        assertThat(run.add(new double[] {0, 0.5, 0.5, 1}, new int[] {1, 0}, 0, 3, f1, p1)).isFalse(); // redelivery
        float[] f2 = {5, 6, 7, 8};
        assertThat(run.add(new double[] {1, 1, 0, 0}, new int[] {2, 2}, 1, 3, f2, p1)).isTrue();
        io.qdm.eval.metrics.SampleSet s = run.sampleSet();
        assertThat(s.count()).isEqualTo(4);
        assertThat(s.stored()).isEqualTo(3);
        assertThat(s.features()).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(s.labels()).containsExactly(1, 0, 2);
        assertThat(s.images()).containsExactly(0f, 0.5f, 0.5f, 1f, 1f, 1f);
        assertThat(s.predicted(0, 3)).isEqualTo(1);
        assertThat(s.predicted(1, 3)).isEqualTo(0);
        // feature moments over all four samples: column 0 = 1, 3, 5, 7
        assertThat(s.featureMoments().mean()[0]).isCloseTo(4.0, within(EXACT));
        assertThat(s.featureMoments().covariance()[0]).isCloseTo(20.0 / 3, within(EXACT));
        // a batch without labels makes the run unconditioned
        assertThat(run.add(new double[] {0, 0}, new int[0], 2, 3, new float[] {0, 0}, new float[] {1, 0, 0}))
                .isTrue();
        assertThat(run.sampleSet().labels()).isNull();
        assertThat(run.complete()).isTrue();
        assertThatThrownBy(() -> run.add(new double[] {0, 0}, new int[] {3}, 3, 4, new float[2], new float[3]))
                .hasMessage("labels: label 3 at index 0 is outside 0..2 (the feature extractor's classes)");
    }
}
