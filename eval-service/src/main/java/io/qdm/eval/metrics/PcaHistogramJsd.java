package io.qdm.eval.metrics;

import org.ejml.data.DMatrixRMaj;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * The authors' per-class Jensen-Shannon divergence ({@code A:ComputeMetrics/JSD.py}, notes §7.1): PCA to
 * {@code components} (4) dimensions fitted on real ∪ generated images, then per class a histogram with {@code bins}
 * (20) bins per axis over the projected points, and the JSD between the real and the generated histogram of that
 * class. Bin edges span the per-axis minimum to maximum of all projected points (both sets, all classes), so every
 * class is binned on the same grid. JSD in bits (log₂): 0 for identical histograms, 1 for disjoint ones.
 *
 * <p>The PCA is fitted from moments ({@link MomentAccumulator} of the pixels of both sets merged), so the caller can
 * stream and cache them; the projection uses the images passed in.
 */
public final class PcaHistogramJsd {

    private PcaHistogramJsd() {
    }

    /** @param perClass JSD per class 0..classes-1, NaN where a class has no real or no generated image */
    public record Result(double[] perClass, double mean, int components, int bins) {
    }

    /**
     * @param pixelMoments moments of real ∪ generated pixels (dimension p)
     * @param real         real images, row-major n₁×p; {@code realLabels} their classes
     * @param gen          generated images, row-major n₂×p; {@code genLabels} their classes
     */
    public static Result compute(MomentAccumulator pixelMoments, float[] real, int[] realLabels, float[] gen,
            int[] genLabels, int classes, int components, int bins) {
        int p = pixelMoments.dim();
        double[][] axes = principalAxes(pixelMoments, components);
        double[] mean = pixelMoments.mean();
        double[] pr = project(real, realLabels.length, p, mean, axes);
        double[] pg = project(gen, genLabels.length, p, mean, axes);
        double[] lo = new double[components];
        double[] hi = new double[components];
        java.util.Arrays.fill(lo, Double.POSITIVE_INFINITY);
        java.util.Arrays.fill(hi, Double.NEGATIVE_INFINITY);
        for (double[] pts : new double[][] {pr, pg}) {
            for (int i = 0; i < pts.length; i++) {
                int c = i % components;
                lo[c] = Math.min(lo[c], pts[i]);
                hi[c] = Math.max(hi[c], pts[i]);
            }
        }
        int cells = 1;
        for (int c = 0; c < components; c++) {
            cells *= bins;
        }
        double[] perClass = new double[classes];
        double sum = 0;
        int counted = 0;
        for (int k = 0; k < classes; k++) {
            long[] hr = histogram(pr, realLabels, k, components, bins, lo, hi, cells);
            long[] hg = histogram(pg, genLabels, k, components, bins, lo, hi, cells);
            perClass[k] = jensenShannon(hr, hg);
            if (!Double.isNaN(perClass[k])) {
                sum += perClass[k];
                counted++;
            }
        }
        return new Result(perClass, counted == 0 ? Double.NaN : sum / counted, components, bins);
    }

    /** The top {@code components} eigenvectors of the pixel covariance, largest eigenvalue first. */
    static double[][] principalAxes(MomentAccumulator moments, int components) {
        int p = moments.dim();
        EigenDecomposition_F64<DMatrixRMaj> eig = FrechetDistance.decompose(
                DMatrixRMaj.wrap(p, p, moments.covariance()));
        Integer[] order = new Integer[p];
        for (int i = 0; i < p; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Double.compare(eig.getEigenvalue(b).real, eig.getEigenvalue(a).real));
        double[][] axes = new double[components][];
        for (int c = 0; c < components; c++) {
            double[] v = eig.getEigenVector(order[c]).data.clone();
            // sign convention: the largest-magnitude entry positive (PCA axes are defined up to sign)
            int arg = 0;
            for (int i = 1; i < v.length; i++) {
                if (Math.abs(v[i]) > Math.abs(v[arg])) {
                    arg = i;
                }
            }
            if (v[arg] < 0) {
                for (int i = 0; i < v.length; i++) {
                    v[i] = -v[i];
                }
            }
            axes[c] = v;
        }
        return axes;
    }

    static double[] project(float[] x, int n, int p, double[] mean, double[][] axes) {
        int c = axes.length;
        double[] out = new double[n * c];
        for (int i = 0; i < n; i++) {
            for (int a = 0; a < c; a++) {
                double s = 0;
                double[] v = axes[a];
                int off = i * p;
                for (int j = 0; j < p; j++) {
                    s += (x[off + j] - mean[j]) * v[j];
                }
                out[i * c + a] = s;
            }
        }
        return out;
    }

    private static long[] histogram(double[] pts, int[] labels, int k, int comps, int bins, double[] lo,
            double[] hi, int cells) {
        long[] h = new long[cells];
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] != k) {
                continue;
            }
            int cell = 0;
            for (int c = 0; c < comps; c++) {
                double width = hi[c] - lo[c];
                int b = width > 0 ? (int) ((pts[i * comps + c] - lo[c]) / width * bins) : 0;
                cell = cell * bins + Math.min(Math.max(b, 0), bins - 1);
            }
            h[cell]++;
        }
        return h;
    }

    /** JSD in bits between two histograms (normalised here); NaN when either is empty. */
    public static double jensenShannon(long[] a, long[] b) {
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            na += a[i];
            nb += b[i];
        }
        if (na == 0 || nb == 0) {
            return Double.NaN;
        }
        double js = 0;
        for (int i = 0; i < a.length; i++) {
            double p = a[i] / na;
            double q = b[i] / nb;
            double m = 0.5 * (p + q);
            if (p > 0) {
                js += 0.5 * p * Math.log(p / m);
            }
            if (q > 0) {
                js += 0.5 * q * Math.log(q / m);
            }
        }
        return Math.min(Math.max(js / Math.log(2), 0), 1); // clamp round-off outside [0, 1]
    }
}
