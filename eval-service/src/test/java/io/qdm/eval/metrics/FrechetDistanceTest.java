package io.qdm.eval.metrics;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class FrechetDistanceTest {

    @Test
    void oneDimensionalGaussiansHaveTheClosedForm() {
        // (μ1 − μ2)² + (σ1 − σ2)² = (1 − 4)² + (2 − 3)² = 10
        FrechetDistance.Result r = FrechetDistance.compute(new double[] {1}, new double[] {4}, new double[] {4},
                new double[] {9}, 0);
        assertThat(r.fid()).isCloseTo(10.0, within(1e-12));
        assertThat(r.meanTerm()).isEqualTo(9.0);
        assertThat(r.traceSqrt()).isCloseTo(6.0, within(1e-12));
        assertThat(r.epsilon()).isZero();
    }

    @Test
    void diagonalCovariancesAddTheirStandardDeviationGaps() {
        double[] c1 = {1, 0, 0, 0, 4, 0, 0, 0, 9};
        double[] c2 = {4, 0, 0, 0, 4, 0, 0, 0, 1};
        double fid = FrechetDistance.compute(new double[] {0, 0, 0}, c1, new double[] {1, 1, 1}, c2, 0).fid();
        // 3 + (1−2)² + (2−2)² + (3−1)² = 8
        assertThat(fid).isCloseTo(8.0, within(1e-12));
    }

    @Test
    void isSymmetricInvariantToFeaturePermutationAndZeroForItself() {
        int d = 6;
        SplittableRandom rng = new SplittableRandom(3);
        MomentAccumulator a = new MomentAccumulator(d);
        MomentAccumulator b = new MomentAccumulator(d);
        double[] xa = new double[40 * d];
        double[] xb = new double[40 * d];
        for (int i = 0; i < xa.length; i++) {
            xa[i] = rng.nextGaussian();
            xb[i] = rng.nextGaussian() * 1.5 + 0.3;
        }
        a.add(xa, 40);
        b.add(xb, 40);
        double ab = SampleMetrics.fid(a, b, 0).fid();
        double ba = SampleMetrics.fid(b, a, 0).fid();
        assertThat(ab).isGreaterThan(1.0).isCloseTo(ba, within(1e-10));
        assertThat(SampleMetrics.fid(a, a, 0).fid()).isCloseTo(0.0, within(1e-12));
        int[] perm = {3, 0, 5, 1, 4, 2};
        MomentAccumulator pa = new MomentAccumulator(d);
        MomentAccumulator pb = new MomentAccumulator(d);
        pa.add(permute(xa, perm, d), 40);
        pb.add(permute(xb, perm, d), 40);
        assertThat(SampleMetrics.fid(pa, pb, 0).fid()).isCloseTo(ab, within(1e-10));
    }

    @Test
    void theRegulariserIsAppliedAndReported() {
        // singular covariances (N = 2 < d = 3): finite without ε, and ε·I shifts both σ's equally
        MomentAccumulator a = new MomentAccumulator(3);
        a.add(new double[] {0, 0, 0, 1, 1, 1}, 2);
        FrechetDistance.Result plain = SampleMetrics.fid(a, a, 0);
        FrechetDistance.Result reg = SampleMetrics.fid(a, a, 1e-6);
        assertThat(plain.fid()).isCloseTo(0.0, within(1e-7));
        assertThat(reg.epsilon()).isEqualTo(1e-6);
        assertThat(reg.fid()).isCloseTo(0.0, within(1e-7));
        assertThat(reg.trace1()).isCloseTo(plain.trace1() + 3e-6, within(1e-15));
    }

    private static double[] permute(double[] x, int[] perm, int d) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length / d; i++) {
            for (int j = 0; j < d; j++) {
                out[i * d + j] = x[i * d + perm[j]];
            }
        }
        return out;
    }
}
