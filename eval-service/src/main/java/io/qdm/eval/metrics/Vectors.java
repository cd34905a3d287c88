package io.qdm.eval.metrics;

import java.util.SplittableRandom;

/** Small kernels on row-major float64 vectors shared by the metrics. */
final class Vectors {

    private Vectors() {
    }

    /** a[ao..ao+d) · b[bo..bo+d), with four independent accumulators (the JIT cannot reorder FP sums itself). */
    static double dot(double[] a, int ao, double[] b, int bo, int d) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int j = 0;
        for (; j + 3 < d; j += 4) {
            s0 += a[ao + j] * b[bo + j];
            s1 += a[ao + j + 1] * b[bo + j + 1];
            s2 += a[ao + j + 2] * b[bo + j + 2];
            s3 += a[ao + j + 3] * b[bo + j + 3];
        }
        for (; j < d; j++) {
            s0 += a[ao + j] * b[bo + j];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** m distinct indices of 0..n-1 in random order (partial Fisher-Yates). */
    static int[] sampleWithoutReplacement(int n, int m, SplittableRandom rng) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = 0; i < m; i++) {
            int j = i + rng.nextInt(n - i);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        int[] out = new int[m];
        System.arraycopy(p, 0, out, 0, m);
        return out;
    }

    static double[] toDouble(float[] x, int[] rows, int d) {
        double[] out = new double[rows.length * d];
        for (int r = 0; r < rows.length; r++) {
            for (int j = 0; j < d; j++) {
                out[r * d + j] = x[rows[r] * d + j];
            }
        }
        return out;
    }
}
