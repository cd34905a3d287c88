package io.qdm.noise;

import io.qdm.noise.preprocess.EncodedDataset;

/** Small deterministic datasets for tests. */
public final class TestData {
    private TestData() {
    }

    /** {@code n} distinct unit vectors in R^8 (positive entries, like the authors' latents) with labels i % 10. */
    public static EncodedDataset latents(int n) {
        double[] a = new double[n * 8];
        int[] l = new int[n];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int k = 0; k < 8; k++) {
                a[i * 8 + k] = 1 + ((i * 13 + k * 5) % 17) + i * 1e-3 * k;
                s += a[i * 8 + k] * a[i * 8 + k];
            }
            for (int k = 0; k < 8; k++) {
                a[i * 8 + k] /= Math.sqrt(s);
            }
            l[i] = i % 10;
        }
        return new EncodedDataset("test-latents", 8, a, l);
    }
}
