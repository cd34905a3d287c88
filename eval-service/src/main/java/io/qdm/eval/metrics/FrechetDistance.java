package io.qdm.eval.metrics;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * The Fréchet distance between two Gaussians, FID = ‖μ₁−μ₂‖² + Tr(Σ₁ + Σ₂ − 2(Σ₁Σ₂)^½) (ecosystem-notes §4.2), in
 * float64 through symmetric eigendecompositions only:
 * <ol>
 *   <li>A = Σ₁^½ = V·diag(√max(λ,0))·Vᵀ from the eigendecomposition of Σ₁;</li>
 *   <li>M = A·Σ₂·A is symmetric PSD with the same eigenvalues as Σ₁Σ₂;</li>
 *   <li>Tr((Σ₁Σ₂)^½) = Σᵢ √max(λᵢ(M), 0).</li>
 * </ol>
 * Unlike {@code scipy.linalg.sqrtm(Σ₁Σ₂)} this never produces complex round-off or NaN for singular covariances
 * (N &lt; d). An optional diagonal regulariser ε·I is added to both covariances first; the value used is returned
 * so that reports can record it (0 = none).
 */
public final class FrechetDistance {

    private FrechetDistance() {
    }

    /**
     * @param mean1 μ₁ (length d)
     * @param cov1  Σ₁, row-major d×d, symmetric
     * @param eps   diagonal regulariser added to both covariances (0 = none)
     */
    public static Result compute(double[] mean1, double[] cov1, double[] mean2, double[] cov2, double eps) {
        int d = mean1.length;
        if (mean2.length != d || cov1.length != d * d || cov2.length != d * d) {
            throw new IllegalArgumentException("moments: dimensions differ (mean " + d + "/" + mean2.length
                    + ", covariance " + cov1.length + "/" + cov2.length + ")");
        }
        double meanTerm = 0;
        for (int i = 0; i < d; i++) {
            double diff = mean1[i] - mean2[i];
            meanTerm += diff * diff;
        }
        DMatrixRMaj s1 = DMatrixRMaj.wrap(d, d, cov1.clone());
        DMatrixRMaj s2 = DMatrixRMaj.wrap(d, d, cov2.clone());
        if (eps > 0) {
            for (int i = 0; i < d; i++) {
                s1.add(i, i, eps);
                s2.add(i, i, eps);
            }
        }
        symmetrize(s1);
        symmetrize(s2);
        double tr1 = CommonOps_DDRM.trace(s1);
        double tr2 = CommonOps_DDRM.trace(s2);
        DMatrixRMaj a = sqrtPsd(s1);
        DMatrixRMaj tmp = new DMatrixRMaj(d, d);
        DMatrixRMaj m = new DMatrixRMaj(d, d);
        CommonOps_DDRM.mult(a, s2, tmp);
        CommonOps_DDRM.mult(tmp, a, m);
        symmetrize(m);
        double trSqrt = 0;
        for (double lambda : eigenvalues(m)) {
            trSqrt += Math.sqrt(Math.max(lambda, 0));
        }
        double fid = meanTerm + tr1 + tr2 - 2 * trSqrt;
        return new Result(fid, meanTerm, tr1, tr2, trSqrt, eps);
    }

    /** FID's parts: {@code fid = meanTerm + trace1 + trace2 − 2·traceSqrt}; {@code epsilon} the regulariser used. */
    public record Result(double fid, double meanTerm, double trace1, double trace2, double traceSqrt,
            double epsilon) {
    }

    /** The PSD square root V·diag(√max(λ,0))·Vᵀ of a symmetric matrix. */
    static DMatrixRMaj sqrtPsd(DMatrixRMaj s) {
        int d = s.numRows;
        EigenDecomposition_F64<DMatrixRMaj> eig = decompose(s);
        DMatrixRMaj out = new DMatrixRMaj(d, d);
        double[] o = out.data;
        for (int k = 0; k < d; k++) {
            double root = Math.sqrt(Math.max(eig.getEigenvalue(k).real, 0));
            if (root == 0) {
                continue;
            }
            double[] v = eig.getEigenVector(k).data;
            for (int i = 0; i < d; i++) {
                double vi = v[i] * root;
                if (vi == 0) {
                    continue;
                }
                int row = i * d;
                for (int j = 0; j < d; j++) {
                    o[row + j] += vi * v[j];
                }
            }
        }
        return out;
    }

    /** Eigenvalues of a symmetric matrix (any order). */
    public static double[] eigenvalues(DMatrixRMaj s) {
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(s.numRows, false, true);
        if (!eig.decompose(s.copy())) {
            throw new IllegalStateException("symmetric eigendecomposition did not converge (" + s.numRows + "x"
                    + s.numCols + ")");
        }
        double[] out = new double[s.numRows];
        for (int i = 0; i < out.length; i++) {
            out[i] = eig.getEigenvalue(i).real;
        }
        return out;
    }

    /** Eigenvalues and eigenvectors of a symmetric matrix. */
    public static EigenDecomposition_F64<DMatrixRMaj> decompose(DMatrixRMaj s) {
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(s.numRows, true, true);
        if (!eig.decompose(s.copy())) {
            throw new IllegalStateException("symmetric eigendecomposition did not converge (" + s.numRows + "x"
                    + s.numCols + ")");
        }
        return eig;
    }

    /** (S + Sᵀ)/2 in place: removes the round-off asymmetry of products before a symmetric solver sees them. */
    static void symmetrize(DMatrixRMaj s) {
        int d = s.numRows;
        for (int i = 0; i < d; i++) {
            for (int j = i + 1; j < d; j++) {
                double v = 0.5 * (s.get(i, j) + s.get(j, i));
                s.set(i, j, v);
                s.set(j, i, v);
            }
        }
    }
}
