package io.qdm.eval.metrics;

/**
 * Streaming mean and covariance of d-dimensional vectors in float64 (Chan, Golub, LeVeque's pairwise update): each
 * batch's mean and co-moment matrix are computed in two passes, then merged with
 * {@code M2 = M2_a + M2_b + δδᵀ·n_a·n_b/n}, so adding the same rows in any grouping gives the batch result up to
 * rounding, and large means never cancel catastrophically (unlike Σxxᵀ − n·μμᵀ).
 *
 * <p>Storage: {@code comoment} is the full symmetric d×d matrix Σ(x−μ)(x−μ)ᵀ, row-major. Not thread-safe.
 */
public final class MomentAccumulator {

    private final int dim;
    private final double[] mean;
    private final double[] comoment;
    private long count;

    public MomentAccumulator(int dim) {
        if (dim < 1) {
            throw new IllegalArgumentException("dim: must be >= 1, got " + dim);
        }
        this.dim = dim;
        this.mean = new double[dim];
        this.comoment = new double[dim * dim];
    }

    /** An accumulator holding exactly the given moments (for caches). */
    public static MomentAccumulator of(long count, double[] mean, double[] comoment) {
        MomentAccumulator m = new MomentAccumulator(mean.length);
        if (comoment.length != mean.length * mean.length) {
            throw new IllegalArgumentException("comoment: length " + comoment.length + " is not dim^2");
        }
        m.count = count;
        System.arraycopy(mean, 0, m.mean, 0, mean.length);
        System.arraycopy(comoment, 0, m.comoment, 0, comoment.length);
        return m;
    }

    public int dim() {
        return dim;
    }

    public long count() {
        return count;
    }

    /** Adds {@code rows} vectors stored back to back in {@code values} (row-major, length rows·d). */
    public void add(float[] values, int rows) {
        double[] v = new double[rows * dim];
        for (int i = 0; i < v.length; i++) {
            v[i] = values[i];
        }
        add(v, rows);
    }

    /** Adds {@code rows} vectors stored back to back in {@code values} (row-major, length rows·d). */
    public void add(double[] values, int rows) {
        if (values.length != (long) rows * dim) {
            throw new IllegalArgumentException("values: " + values.length + " is not " + rows + " rows of " + dim);
        }
        if (rows == 0) {
            return;
        }
        double[] bMean = new double[dim];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < dim; j++) {
                bMean[j] += values[r * dim + j];
            }
        }
        for (int j = 0; j < dim; j++) {
            bMean[j] /= rows;
        }
        double[] bM2 = new double[dim * dim];
        double[] centred = new double[dim];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < dim; j++) {
                centred[j] = values[r * dim + j] - bMean[j];
            }
            for (int i = 0; i < dim; i++) {
                double ci = centred[i];
                if (ci == 0) {
                    continue;
                }
                int row = i * dim;
                for (int j = i; j < dim; j++) {
                    bM2[row + j] += ci * centred[j];
                }
            }
        }
        for (int i = 0; i < dim; i++) {
            for (int j = 0; j < i; j++) {
                bM2[i * dim + j] = bM2[j * dim + i];
            }
        }
        merge(rows, bMean, bM2);
    }

    /** Adds everything {@code other} holds. */
    public void merge(MomentAccumulator other) {
        if (other.dim != dim) {
            throw new IllegalArgumentException("dim: cannot merge " + other.dim + "-d moments into " + dim + "-d");
        }
        merge(other.count, other.mean, other.comoment);
    }

    private void merge(long nb, double[] bMean, double[] bM2) {
        if (nb == 0) {
            return;
        }
        long n = count + nb;
        double[] delta = new double[dim];
        for (int j = 0; j < dim; j++) {
            delta[j] = bMean[j] - mean[j];
        }
        double w = (double) count * nb / n;
        for (int i = 0; i < dim; i++) {
            for (int j = 0; j < dim; j++) {
                comoment[i * dim + j] += bM2[i * dim + j] + delta[i] * delta[j] * w;
            }
        }
        for (int j = 0; j < dim; j++) {
            mean[j] += delta[j] * nb / n;
        }
        count = n;
    }

    public double[] mean() {
        return mean.clone();
    }

    /** Σ(x−μ)(x−μ)ᵀ (copy). */
    public double[] comoment() {
        return comoment.clone();
    }

    /**
     * The unbiased sample covariance (divisor n−1, numpy {@code cov}'s default), row-major d×d.
     *
     * @throws IllegalStateException with fewer than 2 vectors
     */
    public double[] covariance() {
        if (count < 2) {
            throw new IllegalStateException("covariance: needs at least 2 samples, have " + count);
        }
        double[] c = comoment.clone();
        for (int i = 0; i < c.length; i++) {
            c[i] /= (count - 1);
        }
        return c;
    }
}
