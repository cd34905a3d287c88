package io.qdm.latent.training;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A random train/validation split of image indices, reproducible from a seed ({@code torch.utils.data.random_split}
 * with fractions [1 − f, f] in the authors' code; the permutation itself differs, being Java's).
 *
 * @param train      indices of the training images
 * @param validation indices of the held-out images
 */
public record SeededSplit(int[] train, int[] validation) {

    /**
     * Permutes {@code 0..total-1} with a Fisher–Yates shuffle seeded by {@code seed}, keeps the first {@code limit}
     * (all if 0), and holds out the last {@code round(f · kept)} of them.
     */
    public static SeededSplit of(int total, int limit, double validationFraction, long seed) {
        if (total < 2) {
            throw new IllegalArgumentException("total: " + total + " images, need at least 2");
        }
        int[] perm = permutation(total, new SplittableRandom(seed));
        int kept = limit == 0 ? total : Math.min(limit, total);
        int val = (int) Math.round(validationFraction * kept);
        val = Math.max(1, Math.min(kept - 1, val));
        return new SeededSplit(Arrays.copyOfRange(perm, 0, kept - val), Arrays.copyOfRange(perm, kept - val, kept));
    }

    /** A uniformly random permutation of {@code 0..n-1}. */
    public static int[] permutation(int n, SplittableRandom rng) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
