package io.qdm.eval.metrics;

import java.util.Arrays;

/**
 * Dot products of up to {@link #ROWS} vectors with many rows at once, bit for bit {@link Vectors#dot}'s, but
 * vectorised over the rows.
 *
 * <p>{@code Vectors.dot} keeps four partial sums (element t goes to sum t mod 4, a tail beyond the last multiple of 4
 * to sum 0) and returns {@code (s0 + s1) + (s2 + s3)}: a chain of dependent additions per pair, ~2.4 GFLOP/s, so KID
 * over 100 subsets of 1,000 took 21 s per run. Here the same four sums are kept for a whole range of rows in four
 * arrays, and each element of {@code a} is multiplied into them with one axpy loop over the rows, which the JIT turns
 * into vector instructions; four vectors share each pass over the rows (1.4–1.5× over one at a time, 1,000 × 1,000
 * dots at d = 128). Every sum gets the same products added in the same order as in {@code dot} (Java never
 * fuses a multiply and an add), so every result, and so every metric, keeps its bits.
 *
 * <p>The rows are read transposed, {@code bT[t * n + j]} = element t of row j ({@link #transpose}). Not thread-safe:
 * the partial sums are scratch space.
 */
final class RowDots {

    /** Rows of a computed together: each element of the transposed rows, once loaded, serves all of them. */
    static final int ROWS = 4;

    private final double[] bT;
    private final int n;
    private final int d;
    /** partial[r][q]: sum q of row r. */
    private final double[][][] partial;

    /** @param b n rows of d, row-major */
    RowDots(double[] b, int n, int d) {
        this.bT = transpose(b, n, d);
        this.n = n;
        this.d = d;
        this.partial = new double[ROWS][4][n];
    }

    /**
     * {@code out[r][j] = Vectors.dot(a, (row0 + r) * d, b, j * d, d)} for r < count ≤ {@link #ROWS} and j in
     * [from, to); other entries of out are untouched.
     */
    void compute(double[] a, int row0, int count, int from, int to, double[][] out) {
        if (count < 1 || count > ROWS) {
            throw new IllegalArgumentException("count: " + count + " rows, 1.." + ROWS + " at a time");
        }
        for (int r = 0; r < count; r++) {
            for (double[] s : partial[r]) {
                Arrays.fill(s, from, to, 0.0);
            }
        }
        int t = 0;
        for (; t + 3 < d; t += 4) {
            for (int q = 0; q < 4; q++) {
                step(a, row0, count, t + q, q, from, to);
            }
        }
        for (; t < d; t++) {
            step(a, row0, count, t, 0, from, to);
        }
        for (int r = 0; r < count; r++) {
            double[] s0 = partial[r][0];
            double[] s1 = partial[r][1];
            double[] s2 = partial[r][2];
            double[] s3 = partial[r][3];
            double[] o = out[r];
            for (int j = from; j < to; j++) {
                o[j] = (s0[j] + s1[j]) + (s2[j] + s3[j]);
            }
        }
    }

    /** Adds element t of each row times element t of every b row to sum q. */
    private void step(double[] a, int row0, int count, int t, int q, int from, int to) {
        int off = t * n;
        if (count == ROWS) {
            double a0 = a[row0 * d + t];
            double a1 = a[(row0 + 1) * d + t];
            double a2 = a[(row0 + 2) * d + t];
            double a3 = a[(row0 + 3) * d + t];
            double[] p0 = partial[0][q];
            double[] p1 = partial[1][q];
            double[] p2 = partial[2][q];
            double[] p3 = partial[3][q];
            for (int j = from; j < to; j++) {
                double bv = bT[off + j];
                p0[j] += a0 * bv;
                p1[j] += a1 * bv;
                p2[j] += a2 * bv;
                p3[j] += a3 * bv;
            }
            return;
        }
        for (int r = 0; r < count; r++) {
            double ar = a[(row0 + r) * d + t];
            double[] pr = partial[r][q];
            for (int j = from; j < to; j++) {
                pr[j] += ar * bT[off + j];
            }
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
