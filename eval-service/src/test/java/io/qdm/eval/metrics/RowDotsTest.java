package io.qdm.eval.metrics;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link RowDots} gives {@link Vectors#dot}'s bits (the metrics keep theirs), for every d mod 4 and any row range. */
class RowDotsTest {

    static final long SEED = 42;

    @Test
    void everyDotHasVectorsDotsBitsForEveryTailLengthAndRange() {
        SplittableRandom rnd = new SplittableRandom(SEED);
        for (int d : new int[] {1, 3, 4, 7, 128, 130}) {
            int n = 37;
            double[] a = gaussian(rnd, 5 * d);
            double[] b = gaussian(rnd, n * d);
            RowDots rows = new RowDots(b, n, d);
            double[] out = new double[n];
            for (int i = 0; i < 5; i++) {
                int from = i * 3;
                int to = n - i;
                Arrays.fill(out, Double.NaN);
                rows.compute(a, i * d, from, to, out);
                for (int j = 0; j < n; j++) {
                    if (j < from || j >= to) {
                        assertThat(out[j]).as("d %d row %d outside [%d, %d)", d, j, from, to).isNaN();
                    } else {
                        assertThat(Double.doubleToRawLongBits(out[j])).as("d %d, a %d, row %d", d, i, j)
                                .isEqualTo(Double.doubleToRawLongBits(Vectors.dot(a, i * d, b, j * d, d)));
                    }
                }
            }
        }
    }

    @Test
    void transposeSwapsRowsAndColumns() {
        double[] x = {1, 2, 3, 4, 5, 6}; // 2 rows of 3
        assertThat(RowDots.transpose(x, 2, 3)).containsExactly(1, 4, 2, 5, 3, 6);
    }

    private static double[] gaussian(SplittableRandom rnd, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = rnd.nextGaussian() * Math.exp(rnd.nextGaussian()); // mixed magnitudes: rounding differs by order
        }
        return v;
    }
}
