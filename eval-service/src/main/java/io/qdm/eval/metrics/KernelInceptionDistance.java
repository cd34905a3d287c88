package io.qdm.eval.metrics;

import java.util.SplittableRandom;

/**
 * KID (Bińkowski et al. 2018): the unbiased estimator of MMD² with the cubic polynomial kernel
 * k(x, y) = (x·y/d + 1)³, averaged over random subsets as torch-fidelity does ({@code kid_subsets},
 * {@code kid_subset_size}; each subset drawn without replacement from each set, independently per subset):
 * <pre>
 *   MMD²ᵤ = Σ_{i≠j} k(xᵢ,xⱼ)/(m(m−1)) + Σ_{i≠j} k(yᵢ,yⱼ)/(m(m−1)) − 2·Σ_{i,j} k(xᵢ,yⱼ)/m²
 * </pre>
 * Reported as the mean and the population standard deviation over subsets. Unbiased: can be slightly negative when
 * the two sets come from the same distribution.
 */
public final class KernelInceptionDistance {

    private KernelInceptionDistance() {
    }

    public record Result(double mean, double std, int subsets, int subsetSize) {
    }

    /**
     * @param x          n₁ vectors of dimension d, row-major
     * @param y          n₂ vectors of dimension d, row-major
     * @param subsetSize m, capped at min(n₁, n₂)
     */
    public static Result compute(float[] x, int n1, float[] y, int n2, int d, int subsets, int subsetSize,
            long seed) {
        int m = Math.min(subsetSize, Math.min(n1, n2));
        if (m < 2) {
            throw new IllegalArgumentException("kid: needs at least 2 samples in each set, have " + n1 + " and "
                    + n2);
        }
        if (subsets < 1) {
            throw new IllegalArgumentException("kid: subsets must be >= 1, got " + subsets);
        }
        SplittableRandom rng = new SplittableRandom(seed);
        double[] mmd = new double[subsets];
        for (int s = 0; s < subsets; s++) {
            double[] a = pick(x, n1, d, m, rng);
            double[] b = pick(y, n2, d, m, rng);
            mmd[s] = unbiasedMmd2(a, b, m, d);
        }
        double mean = 0;
        for (double v : mmd) {
            mean += v;
        }
        mean /= subsets;
        double var = 0;
        for (double v : mmd) {
            var += (v - mean) * (v - mean);
        }
        return new Result(mean, Math.sqrt(var / subsets), subsets, m);
    }

    /** Unbiased MMD² of two equal-size sets (m rows of d each, row-major). */
    public static double unbiasedMmd2(double[] a, double[] b, int m, int d) {
        double[][] dots = new double[RowDots.ROWS][m];
        double kxx = pairSum(a, new RowDots(a, m, d), m, d, dots, true);
        RowDots bRows = new RowDots(b, m, d);
        double kyy = pairSum(b, bRows, m, d, dots, true);
        double kxy = pairSum(a, bRows, m, d, dots, false);
        return (kxx + kyy) / ((double) m * (m - 1)) - 2 * kxy / ((double) m * m);
    }

    /**
     * Σ k(aᵢ, rowⱼ) over j > i twice (offDiagonal: a and rows are the same set) or over all j, in the order i, then
     * j ascending.
     */
    private static double pairSum(double[] a, RowDots rows, int m, int d, double[][] dots, boolean offDiagonal) {
        double sum = 0;
        for (int i = 0; i < m; i += RowDots.ROWS) {
            int count = Math.min(RowDots.ROWS, m - i);
            rows.compute(a, i, count, offDiagonal ? i + 1 : 0, m, dots);
            for (int r = 0; r < count; r++) {
                for (int j = offDiagonal ? i + r + 1 : 0; j < m; j++) {
                    sum += kernel(dots[r][j], d);
                }
            }
        }
        return offDiagonal ? 2 * sum : sum;
    }

    /** k(x, y) from x·y. */
    static double kernel(double dot, int d) {
        double t = dot / d + 1;
        return t * t * t;
    }

    /** m distinct rows drawn uniformly (partial Fisher-Yates), as doubles. */
    private static double[] pick(float[] x, int n, int d, int m, SplittableRandom rng) {
        int[] idx = Vectors.sampleWithoutReplacement(n, m, rng);
        double[] out = new double[m * d];
        for (int r = 0; r < m; r++) {
            int src = idx[r] * d;
            for (int j = 0; j < d; j++) {
                out[r * d + j] = x[src + j];
            }
        }
        return out;
    }
}
