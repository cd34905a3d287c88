package io.qdm.noise.preprocess;

import io.qdm.noise.random.DrawKey;
import io.qdm.noise.random.GaussianStream;
import io.qdm.noise.random.StreamId;

/**
 * A random subset of a dataset (the authors' DATA_LENGTH: 2048 latents in [A], 8096 images in [B]), drawn without
 * replacement by a partial Fisher–Yates shuffle keyed (seed, 0, 0, {@link StreamId#SUBSET}).
 */
public final class DatasetSubset {
    private DatasetSubset() {
    }

    /**
     * @param limit number of rows to keep; 0 keeps all rows in their original order
     * @throws IllegalArgumentException naming "dataset.limit" if it is negative or larger than the dataset
     */
    public static EncodedDataset select(EncodedDataset data, int limit, long seed) {
        if (limit == 0) {
            return data;
        }
        if (limit < 0 || limit > data.count()) {
            throw new IllegalArgumentException("dataset.limit: " + limit + " must be in [0, " + data.count()
                    + "] (the size of " + data.name() + ")");
        }
        int[] perm = identity(data.count());
        GaussianStream g = new DrawKey(seed, 0, 0, StreamId.SUBSET).gaussians();
        for (int i = 0; i < limit; i++) {
            int j = i + g.nextInt(perm.length - i);
            int tmp = perm[i];
            perm[i] = perm[j];
            perm[j] = tmp;
        }
        return data.select(java.util.Arrays.copyOf(perm, limit), data.name() + "/subset" + limit);
    }

    static int[] identity(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        return p;
    }
}
