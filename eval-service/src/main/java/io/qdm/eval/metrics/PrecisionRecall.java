package io.qdm.eval.metrics;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Improved precision and recall (Kynkäänniemi et al. 2019; torch-fidelity {@code prc}, k = 3): each set's manifold is
 * the union of balls around its points with radius the distance to the point's k-th nearest neighbour in the same set
 * (self excluded). Precision = fraction of generated points inside the real manifold; recall = fraction of real
 * points inside the generated manifold. Exact Euclidean distances in float64; sets larger than {@code maxSamples}
 * are subsampled (seeded) because the cost is quadratic.
 */
public final class PrecisionRecall {

    private PrecisionRecall() {
    }

    public record Result(double precision, double recall, int k, int realUsed, int generatedUsed) {
    }

    public static Result compute(float[] real, int nReal, float[] gen, int nGen, int d, int k, int maxSamples,
            long seed) {
        if (nReal <= k || nGen <= k) {
            throw new IllegalArgumentException("precision_recall: needs more than k = " + k + " samples in each set, "
                    + "have " + nReal + " real and " + nGen + " generated");
        }
        SplittableRandom rng = new SplittableRandom(seed);
        double[] r = subsample(real, nReal, d, maxSamples, rng);
        double[] g = subsample(gen, nGen, d, maxSamples, rng);
        int nr = r.length / d;
        int ng = g.length / d;
        double[] rRadii = kthNeighbourSquared(r, nr, d, k);
        double[] gRadii = kthNeighbourSquared(g, ng, d, k);
        double precision = coveredFraction(g, ng, r, nr, rRadii, d);
        double recall = coveredFraction(r, nr, g, ng, gRadii, d);
        return new Result(precision, recall, k, nr, ng);
    }

    private static double[] subsample(float[] x, int n, int d, int max, SplittableRandom rng) {
        int[] rows;
        if (n <= max) {
            rows = new int[n];
            for (int i = 0; i < n; i++) {
                rows[i] = i;
            }
        } else {
            rows = Vectors.sampleWithoutReplacement(n, max, rng);
            Arrays.sort(rows);
        }
        return Vectors.toDouble(x, rows, d);
    }

    static double[] squaredNorms(double[] x, int n, int d) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = Vectors.dot(x, i * d, x, i * d, d);
        }
        return out;
    }

    /** Squared distance to the k-th nearest other point of the same set, for every point. */
    static double[] kthNeighbourSquared(double[] x, int n, int d, int k) {
        double[] norms = squaredNorms(x, n, d);
        double[][] best = new double[n][k];
        for (double[] b : best) {
            Arrays.fill(b, Double.POSITIVE_INFINITY);
        }
        RowDots rows = new RowDots(x, n, d);
        double[][] dots = new double[RowDots.ROWS][n];
        for (int i0 = 0; i0 < n; i0 += RowDots.ROWS) {
            int count = Math.min(RowDots.ROWS, n - i0);
            rows.compute(x, i0, count, i0 + 1, n, dots);
            for (int r = 0; r < count; r++) {
                int i = i0 + r;
                for (int j = i + 1; j < n; j++) {
                    double dist = Math.max(norms[i] + norms[j] - 2 * dots[r][j], 0);
                    offer(best[i], dist);
                    offer(best[j], dist);
                }
            }
        }
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = best[i][k - 1];
        }
        return out;
    }

    /** Keeps {@code best} as the k smallest values seen, ascending. */
    private static void offer(double[] best, double v) {
        int k = best.length;
        if (v >= best[k - 1]) {
            return;
        }
        int p = k - 1;
        while (p > 0 && best[p - 1] > v) {
            best[p] = best[p - 1];
            p--;
        }
        best[p] = v;
    }

    /** Fraction of {@code q} rows within radius of at least one {@code ref} row. */
    private static double coveredFraction(double[] q, int nq, double[] ref, int nr, double[] radiiSq, int d) {
        double[] qn = squaredNorms(q, nq, d);
        double[] rn = squaredNorms(ref, nr, d);
        int covered = 0;
        for (int i = 0; i < nq; i++) {
            for (int j = 0; j < nr; j++) {
                double dist = qn[i] + rn[j] - 2 * Vectors.dot(q, i * d, ref, j * d, d);
                if (dist <= radiiSq[j]) {
                    covered++;
                    break;
                }
            }
        }
        return (double) covered / nq;
    }
}
