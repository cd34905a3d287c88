package io.qdm.latent.model;

/**
 * Checks a whole request batch before any computation, so a batch either fully succeeds or fails with one
 * {@link IllegalArgumentException} whose message starts with the offending field ({@code images[3][17]: ...}); the
 * transport layer maps it to {@code INVALID_ARGUMENT} as is.
 */
final class BatchValidation {
    private BatchValidation() {
    }

    /** Images: non-empty, every row {@link AutoencoderConfig#PIXELS} finite values in [0, 1]. */
    static void requireImages(String field, double[][] images) {
        requireRows(field, images, AutoencoderConfig.PIXELS, "28x28 row-major pixels");
        for (int i = 0; i < images.length; i++) {
            double[] row = images[i];
            for (int k = 0; k < row.length; k++) {
                double v = row[k];
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException(field + "[" + i + "][" + k + "]: " + v + " is not finite");
                }
                if (v < 0.0 || v > 1.0) {
                    throw new IllegalArgumentException(field + "[" + i + "][" + k + "]: " + v
                            + " is outside [0, 1] (pixels are intensities divided by 255)");
                }
            }
        }
    }

    /** Real vectors: non-empty, every row {@code dim} finite values. */
    static void requireVectors(String field, double[][] vectors, int dim) {
        requireRows(field, vectors, dim, "latent components");
        for (int i = 0; i < vectors.length; i++) {
            requireFinite(field, i, vectors[i]);
        }
    }

    /** Complex amplitudes as separate real and imaginary parts of identical shape. */
    static void requireComplex(String realField, double[][] real, String imagField, double[][] imag, int dim) {
        requireVectors(realField, real, dim);
        requireVectors(imagField, imag, dim);
        if (real.length != imag.length) {
            throw new IllegalArgumentException(imagField + ": " + imag.length + " rows, but " + realField + " has "
                    + real.length);
        }
    }

    private static void requireRows(String field, double[][] rows, int width, String what) {
        if (rows == null) {
            throw new IllegalArgumentException(field + ": is null");
        }
        if (rows.length == 0) {
            throw new IllegalArgumentException(field + ": batch is empty");
        }
        for (int i = 0; i < rows.length; i++) {
            if (rows[i] == null) {
                throw new IllegalArgumentException(field + "[" + i + "]: is null");
            }
            if (rows[i].length != width) {
                throw new IllegalArgumentException(field + "[" + i + "]: length " + rows[i].length + ", expected "
                        + width + " (" + what + ")");
            }
        }
    }

    private static void requireFinite(String field, int i, double[] row) {
        for (int k = 0; k < row.length; k++) {
            if (!Double.isFinite(row[k])) {
                throw new IllegalArgumentException(field + "[" + i + "][" + k + "]: " + row[k] + " is not finite");
            }
        }
    }
}
