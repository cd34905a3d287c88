package io.qdm.eval.metrics;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class MomentAccumulatorTest {

    static final double TOL = 1e-12;

    /** Two-pass reference: mean, then Σ(x−μ)(x−μ)ᵀ/(n−1). */
    static double[][] twoPass(double[] x, int n, int d) {
        double[] mean = new double[d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                mean[j] += x[i * d + j] / n;
            }
        }
        double[] cov = new double[d * d];
        for (int i = 0; i < n; i++) {
            for (int a = 0; a < d; a++) {
                for (int b = 0; b < d; b++) {
                    cov[a * d + b] += (x[i * d + a] - mean[a]) * (x[i * d + b] - mean[b]) / (n - 1);
                }
            }
        }
        return new double[][] {mean, cov};
    }

    @Test
    void streamingBatchesOfAnySizeEqualTheBatchStatistics() {
        int d = 5;
        int n = 103;
        SplittableRandom rng = new SplittableRandom(7);
        double[] x = new double[n * d];
        for (int i = 0; i < x.length; i++) {
            x[i] = 1e4 + rng.nextGaussian() * (1 + i % d); // large offset: naive Σx² − nμ² would lose digits
        }
        double[][] ref = twoPass(x, n, d);
        int[][] groupings = {{103}, {1, 1, 101}, {50, 53}, {7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 5}};
        for (int[] sizes : groupings) {
            MomentAccumulator m = new MomentAccumulator(d);
            int from = 0;
            for (int size : sizes) {
                double[] part = new double[size * d];
                System.arraycopy(x, from * d, part, 0, part.length);
                m.add(part, size);
                from += size;
            }
            assertThat(m.count()).isEqualTo(n);
            for (int j = 0; j < d; j++) {
                assertThat(m.mean()[j]).isCloseTo(ref[0][j], within(TOL * 1e4));
            }
            double[] cov = m.covariance();
            for (int k = 0; k < d * d; k++) {
                assertThat(cov[k]).isCloseTo(ref[1][k], within(1e-9));
            }
        }
    }

    @Test
    void mergingTwoAccumulatorsEqualsAddingEverything() {
        int d = 3;
        double[] a = {1, 2, 3, 4, 5, 6.5, -1, 0, 2};
        double[] b = {0.5, 0.5, 0.5, 10, -10, 3};
        MomentAccumulator left = new MomentAccumulator(d);
        left.add(a, 3);
        MomentAccumulator right = new MomentAccumulator(d);
        right.add(b, 2);
        left.merge(right);
        double[] all = new double[15];
        System.arraycopy(a, 0, all, 0, 9);
        System.arraycopy(b, 0, all, 9, 6);
        double[][] ref = twoPass(all, 5, d);
        assertThat(left.count()).isEqualTo(5);
        assertThat(left.mean()).containsExactly(ref[0], within(TOL));
        assertThat(left.covariance()).containsExactly(ref[1], within(TOL));
        // a hand-checked value: var of column 0 = var(1, 4, -1, 0.5, 10) = 76.2 / 4
        assertThat(left.covariance()[0]).isCloseTo(19.05, within(TOL));
    }

    @Test
    void covarianceOfFewerThanTwoSamplesIsRefused() {
        MomentAccumulator m = new MomentAccumulator(2);
        m.add(new double[] {1, 2}, 1);
        assertThatThrownBy(m::covariance).hasMessage("covariance: needs at least 2 samples, have 1");
    }

    /**
     * The blocked co-moment kernel against the two-pass reference summed sample by sample, for odd dimensions (a
     * scalar edge column and a last row without a pair) with columns that are constant over the batch (centred exactly
     * 0): equal to rounding, exactly 0 where a column is constant, and the same bits for the same rows added twice.
     */
    @Test
    void blockedCoMomentEqualsTheTwoPassReference() {
        for (int d : new int[] {1, 2, 5, 7, 51}) {
            int n = 37;
            SplittableRandom rng = new SplittableRandom(11 + d);
            double[] x = new double[n * d];
            for (int i = 0; i < x.length; i++) {
                x[i] = d > 2 && i % d < 2 ? 0.25 : rng.nextDouble(); // two constant columns: centred exactly 0
            }
            double[] covariance = twoPass(x, n, d)[1]; // Σ(x−μ)(x−μ)ᵀ/(n−1), summed term by term
            MomentAccumulator m = new MomentAccumulator(d);
            m.add(x, n);
            double[] got = m.comoment();
            for (int k = 0; k < d * d; k++) {
                assertThat(got[k]).as("d %d element %d", d, k).isCloseTo(covariance[k] * (n - 1), within(1e-13 * n));
            }
            if (d > 2) {
                assertThat(got[0]).isEqualTo(0.0);
                assertThat(got[d + 1]).isEqualTo(0.0);
                assertThat(got[2 * d + 2]).isGreaterThan(1.0); // a random column: ~n/12
            }
            MomentAccumulator again = new MomentAccumulator(d);
            again.add(x, n);
            assertThat(again.comoment()).containsExactly(got);
        }
    }
}
