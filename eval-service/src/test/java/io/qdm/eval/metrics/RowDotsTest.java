package io.qdm.eval.metrics;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link RowDots} gives {@link Vectors#dot}'s bits (the metrics keep theirs), for every d mod 4, 1 to 4 rows at a time
 * and any range of rows.
 */
class RowDotsTest {

    static final long SEED = 42;

    @Test
    void everyDotHasVectorsDotsBitsForEveryTailLengthRowCountAndRange() {
        SplittableRandom rnd = new SplittableRandom(SEED);
        for (int d : new int[] {1, 3, 4, 7, 128, 130}) {
            int n = 37;
            int rowsOfA = 9;
            double[] a = gaussian(rnd, rowsOfA * d);
            double[] b = gaussian(rnd, n * d);
            RowDots rows = new RowDots(b, n, d);
            double[][] out = new double[RowDots.ROWS][n];
            for (int count = 1; count <= RowDots.ROWS; count++) {
                for (int row0 : new int[] {0, rowsOfA - count}) {
                    int from = row0 + 1;
                    int to = n - count;
                    for (double[] o : out) {
                        Arrays.fill(o, Double.NaN);
                    }
                    rows.compute(a, row0, count, from, to, out);
                    for (int r = 0; r < RowDots.ROWS; r++) {
                        for (int j = 0; j < n; j++) {
                            if (r >= count || j < from || j >= to) {
                                assertThat(out[r][j]).as("d %d, %d rows, row %d col %d: untouched", d, count, r, j)
                                        .isNaN();
                            } else {
                                assertThat(Double.doubleToRawLongBits(out[r][j]))
                                        .as("d %d, a row %d, b row %d", d, row0 + r, j)
                                        .isEqualTo(Double.doubleToRawLongBits(
                                                Vectors.dot(a, (row0 + r) * d, b, j * d, d)));
                            }
                        }
                    }
                }
            }
            assertThatThrownBy(() -> rows.compute(a, 0, RowDots.ROWS + 1, 0, n, new double[RowDots.ROWS + 1][n]))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("count");
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
