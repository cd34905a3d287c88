package io.qdm.noise.noise;

/**
 * Operations on amplitude vectors stored <b>interleaved</b>: a vector of dimension D is a {@code double[2D]} with
 * amplitude k at {@code [2k]} (real part) and {@code [2k+1]} (imaginary part), the layout of numpy's complex128 and
 * of {@code DTYPE_COMPLEX128} tensors. Amplitude 0 is basis state |0…0⟩ (wire 0 = most significant bit).
 */
public final class Amplitudes {
    private Amplitudes() {
    }

    /** Real vector → interleaved complex with zero imaginary parts. */
    public static double[] fromReal(double[] real) {
        double[] z = new double[2 * real.length];
        for (int k = 0; k < real.length; k++) {
            z[2 * k] = real[k];
        }
        return z;
    }

    /** Euclidean norm √Σ|z_k|² of an interleaved vector (also of a real vector: it is the same sum). */
    public static double norm(double[] z) {
        double s = 0;
        for (double v : z) {
            s += v * v;
        }
        return Math.sqrt(s);
    }

    /**
     * Divides {@code z} by its norm in place ({@code v / ‖v‖}, as the authors' code does before every loss).
     *
     * @throws IllegalArgumentException naming {@code field} if the norm is 0 or not finite
     */
    public static double[] normaliseInPlace(String field, double[] z) {
        double n = norm(z);
        if (!(n > 0) || !Double.isFinite(n)) {
            throw new IllegalArgumentException(field + ": cannot normalise a vector of norm " + n);
        }
        double inv = 1.0 / n;
        for (int i = 0; i < z.length; i++) {
            z[i] *= inv;
        }
        return z;
    }

    /**
     * @throws IllegalArgumentException naming {@code field}, the element and the value if any entry is NaN or ±Inf
     */
    public static void requireFinite(String field, double[] v) {
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) {
                throw new IllegalArgumentException(field + ": element " + i + " is " + v[i]
                        + " (NaN and infinities are not valid amplitudes)");
            }
        }
    }
}
