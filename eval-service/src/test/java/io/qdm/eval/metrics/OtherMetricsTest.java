package io.qdm.eval.metrics;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class OtherMetricsTest {

    private static float[] gaussian(int n, int d, double shift, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] x = new float[n * d];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (rng.nextGaussian() + shift);
        }
        return x;
    }

    @Test
    void rocAucMatchesHandCountedPairsWithTies() {
        // positives 0.9, 0.5, 0.3; negatives 0.5, 0.1: pairs (+ > −): 0.9>0.5, 0.9>0.1, 0.5=0.5 (½), 0.5>0.1, 0.3>0.1
        double auc = RocAuc.auc(new double[] {0.9, 0.5, 0.3, 0.5, 0.1},
                new boolean[] {true, true, true, false, false});
        assertThat(auc).isCloseTo(4.5 / 6, within(1e-15));
        assertThat(RocAuc.auc(new double[] {0.2, 0.8}, new boolean[] {false, true})).isEqualTo(1.0);
        assertThat(RocAuc.auc(new double[] {0.2, 0.8}, new boolean[] {true, false})).isEqualTo(0.0);
        assertThat(RocAuc.auc(new double[] {0.2, 0.8}, new boolean[] {true, true})).isNaN();
    }

    @Test
    void jensenShannonIsZeroForEqualOneForDisjointAndKnownInBetween() {
        assertThat(PcaHistogramJsd.jensenShannon(new long[] {2, 2, 0}, new long[] {1, 1, 0})).isEqualTo(0.0);
        assertThat(PcaHistogramJsd.jensenShannon(new long[] {1, 0}, new long[] {0, 5})).isCloseTo(1.0,
                within(1e-15));
        // p = (1, 0), q = (½, ½): m = (¾, ¼); JSD = ½·log2(4/3) + ½·(½·log2(2/3) + ½·log2(2)) = 0.311278
        assertThat(PcaHistogramJsd.jensenShannon(new long[] {1, 0}, new long[] {1, 1})).isCloseTo(0.3112781244591328,
                within(1e-12));
    }

    @Test
    void kidIsNearZeroForOneDistributionAndGrowsWithTheShift() {
        int d = 8;
        float[] ref = gaussian(400, d, 0, 1);
        KernelInceptionDistance.Result same = KernelInceptionDistance.compute(ref, 400, gaussian(400, d, 0, 2), 400,
                d, 10, 200, 5);
        KernelInceptionDistance.Result shifted = KernelInceptionDistance.compute(ref, 400, gaussian(400, d, 0.5, 3),
                400, d, 10, 200, 5);
        assertThat(same.subsets()).isEqualTo(10);
        assertThat(same.subsetSize()).isEqualTo(200);
        assertThat(Math.abs(same.mean())).isLessThan(3 * same.std() + 0.02);
        assertThat(shifted.mean()).isGreaterThan(10 * Math.abs(same.mean())).isGreaterThan(0.1);
        assertThatThrownBy(() -> KernelInceptionDistance.compute(ref, 1, ref, 400, d, 1, 10, 0))
                .hasMessage("kid: needs at least 2 samples in each set, have 1 and 400");
    }

    @Test
    void precisionAndRecallAreOneForTheSameSetAndZeroForFarApartSets() {
        int d = 4;
        float[] x = gaussian(200, d, 0, 4);
        PrecisionRecall.Result self = PrecisionRecall.compute(x, 200, x, 200, d, 3, 5000, 0);
        assertThat(self.precision()).isEqualTo(1.0);
        assertThat(self.recall()).isEqualTo(1.0);
        PrecisionRecall.Result far = PrecisionRecall.compute(x, 200, gaussian(200, d, 100, 5), 200, d, 3, 5000, 0);
        assertThat(far.precision()).isEqualTo(0.0);
        assertThat(far.recall()).isEqualTo(0.0);
        // generated = a narrow core of the real set: all of it is realistic, but it covers little of the real set
        float[] core = new float[200 * d];
        for (int i = 0; i < core.length; i++) {
            core[i] = x[i] * 0.05f;
        }
        PrecisionRecall.Result narrow = PrecisionRecall.compute(x, 200, core, 200, d, 3, 5000, 0);
        assertThat(narrow.precision()).isEqualTo(1.0);
        assertThat(narrow.recall()).isLessThan(0.2);
        PrecisionRecall.Result sub = PrecisionRecall.compute(x, 200, x, 200, d, 3, 50, 0);
        assertThat(sub.realUsed()).isEqualTo(50);
        assertThat(sub.generatedUsed()).isEqualTo(50);
    }

    @Test
    void pcaJsdIsZeroForIdenticalSetsAndLargeForSwappedClasses() {
        int p = 6;
        int n = 300;
        SplittableRandom rng = new SplittableRandom(9);
        float[] img = new float[n * p];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 2;
            for (int j = 0; j < p; j++) {
                img[i * p + j] = (float) (rng.nextDouble() * 0.2 + (labels[i] == 0 ? (j < 3 ? 0.8 : 0) : (j < 3 ? 0
                        : 0.8)));
            }
        }
        MomentAccumulator pix = new MomentAccumulator(p);
        pix.add(img, n);
        pix.add(img, n);
        PcaHistogramJsd.Result same = PcaHistogramJsd.compute(pix, img, labels, img, labels, 2, 2, 20);
        assertThat(same.perClass()).containsExactly(0.0, 0.0);
        assertThat(same.mean()).isEqualTo(0.0);
        int[] swapped = new int[n];
        for (int i = 0; i < n; i++) {
            swapped[i] = 1 - labels[i];
        }
        PcaHistogramJsd.Result wrong = PcaHistogramJsd.compute(pix, img, labels, img, swapped, 2, 2, 20);
        assertThat(wrong.perClass()[0]).isEqualTo(1.0);
        assertThat(wrong.perClass()[1]).isEqualTo(1.0);
    }
}
