package io.qdm.eval.metrics;

import java.util.Arrays;

/**
 * Dot products of one vector with many rows at once, bit for bit {@link Vectors#dot}'s, but vectorised over the rows.
 *
 * <p>{@code Vectors.dot} keeps four partial sums (element t goes to sum t mod 4, a tail beyond the last multiple of 4
 * to sum 0) and returns {@code (s0 + s1) + (s2 + s3)}: a chain of dependent additions per pair, ~2.4 GFLOP/s, so KID
 * over 100 subsets of 1,000 took 21 s per run. Here the same four sums are kept for a whole range of rows in four
 * arrays, and each element of {@code a} is multiplied into them with one axpy loop over the rows, which the JIT turns
 * into vector instructions. Every sum gets the same products added in the same order as in {@code dot} (Java never
 * fuses a multiply and an add), so every result, and so every metric, keeps its bits.
 *
 * <p>The rows are read transposed, {@code bT[t * n + j]} = element t of row j ({@link #transpose}). Not thread-safe:
 * the partial sums are scratch space.
 */
final class RowDots {

    private final double[] bT;
    private final int n;
    private final int d;
    private final double[][] partial;

    /** @param b n rows of d, row-major */
    RowDots(double[] b, int n, int d) {
        this.bT = transpose(b, n, d);
        this.n = n;
        this.d = d;
        this.partial = new double[4][n];
    }

    /** {@code out[j] = Vectors.dot(a, ao, b, j * d, d)} for j in [from, to); other entries of out are untouched. */
    void compute(double[] a, int ao, int from, int to, double[] out) {
        double[] s0 = partial[0];
        double[] s1 = partial[1];
        double[] s2 = partial[2];
        double[] s3 = partial[3];
        for (double[] s : partial) {
            Arrays.fill(s, from, to, 0.0);
        }
        int t = 0;
        for (; t + 3 < d; t += 4) {
            axpy(a[ao + t], bT, t * n, s0, from, to);
            axpy(a[ao + t + 1], bT, (t + 1) * n, s1, from, to);
            axpy(a[ao + t + 2], bT, (t + 2) * n, s2, from, to);
            axpy(a[ao + t + 3], bT, (t + 3) * n, s3, from, to);
        }
        for (; t < d; t++) {
            axpy(a[ao + t], bT, t * n, s0, from, to);
        }
        for (int j = from; j < to; j++) {
            out[j] = (s0[j] + s1[j]) + (s2[j] + s3[j]);
        }
    }

    private static void axpy(double alpha, double[] x, int xo, double[] y, int from, int to) {
        for (int j = from; j < to; j++) {
            y[j] += alpha * x[xo + j];
        }
    }

    /** {@code out[t * n + j] = x[j * d + t]}. */
    static double[] transpose(double[] x, int n, int d) {
        double[] out = new double[n * d];
        for (int j = 0; j < n; j++) {
            for (int t = 0; t < d; t++) {
                out[t * n + j] = x[j * d + t];
            }
        }
        return out;
    }
}
