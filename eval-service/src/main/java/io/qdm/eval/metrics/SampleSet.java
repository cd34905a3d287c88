package io.qdm.eval.metrics;

/**
 * One side of an evaluation, everything the metrics read: images, the extractor's features and class probabilities
 * of those images, their labels, and streaming moments.
 *
 * <p>Storage (row-major): {@code images[i * 784 + p]} in [0, 1], {@code features[i * d + j]},
 * {@code probabilities[i * 10 + c]}; {@code labels[i]} the requested (generated) or true (real) class, or null when
 * there are none. {@code stored} rows are held; the moments may cover more samples ({@code featureMoments.count()},
 * when a run outgrew its storage bound).
 */
public record SampleSet(String name, int stored, float[] images, float[] features, float[] probabilities,
        int[] labels, MomentAccumulator featureMoments, MomentAccumulator pixelMoments) {

    public long count() {
        return featureMoments.count();
    }

    /** The most probable class of stored row i (lowest index on ties). */
    public int predicted(int i, int classes) {
        int best = 0;
        for (int c = 1; c < classes; c++) {
            if (probabilities[i * classes + c] > probabilities[i * classes + best]) {
                best = c;
            }
        }
        return best;
    }
}
