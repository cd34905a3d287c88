package io.qdm.eval.stats;

import java.util.Arrays;
import java.util.BitSet;

/**
 * Streaming statistics of one evaluation run's samples, exact in float64: count, per-label counts, the mean image
 * and the mean and variance of pixel intensity (Welford/Chan parallel update, so adding batches in any grouping gives
 * the same result up to rounding). Batches are identified by index: a redelivered batch is ignored, so at-least-once
 * delivery never double counts.
 */
public final class RunStatistics {

    public static final int MAX_LABELS = 16;

    private final String runId;
    private final int pixels;
    private final double[] meanImage;
    private final long[] labelCounts = new long[MAX_LABELS];
    private final BitSet batchesSeen = new BitSet();
    private int batchesTotal = -1;
    private long samples;
    private long pixelCount;
    private double pixelMean;
    private double pixelM2;

    public RunStatistics(String runId, int pixels) {
        this.runId = runId;
        this.pixels = pixels;
        this.meanImage = new double[pixels];
    }

    /**
     * Adds one batch of images ({@code images.length / pixels} rows, values in [0, 1]).
     *
     * @param batchIndex   the batch's index in its job, or -1 for samples without one (never de-duplicated)
     * @param batchesTotal the job's batch count, or -1 when unknown
     * @return false when this batch index was already counted (a redelivery), true when it was added
     */
    public synchronized boolean add(double[] images, int[] labels, int batchIndex, int batchesTotal) {
        if (images.length == 0 || images.length % pixels != 0) {
            throw new IllegalArgumentException("images: " + images.length + " values is not a whole number of "
                    + pixels + "-pixel images");
        }
        int rows = images.length / pixels;
        if (labels.length != 0 && labels.length != rows) {
            throw new IllegalArgumentException("labels: expected none or one per image (" + rows + "), got " + labels.length);
        }
        for (int i = 0; i < images.length; i++) {
            if (!(images[i] >= 0.0 && images[i] <= 1.0)) {
                throw new IllegalArgumentException("images: value " + images[i] + " at flat index " + i
                        + " is outside [0, 1]");
            }
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= MAX_LABELS) {
                throw new IllegalArgumentException("labels: label " + labels[i] + " at index " + i + " is outside 0.."
                        + (MAX_LABELS - 1));
            }
        }
        if (batchIndex >= 0) {
            if (batchesSeen.get(batchIndex)) {
                return false;
            }
            batchesSeen.set(batchIndex);
        }
        if (batchesTotal > 0) {
            this.batchesTotal = batchesTotal;
        }
        // batch moments, then Chan et al.'s pairwise combination
        double batchMean = 0;
        for (double v : images) {
            batchMean += v;
        }
        batchMean /= images.length;
        double batchM2 = 0;
        for (double v : images) {
            double d = v - batchMean;
            batchM2 += d * d;
        }
        long n = pixelCount + images.length;
        double delta = batchMean - pixelMean;
        pixelMean += delta * images.length / n;
        pixelM2 += batchM2 + delta * delta * ((double) pixelCount * images.length / n);
        pixelCount = n;
        for (int r = 0; r < rows; r++) {
            long k = samples + r + 1;
            for (int p = 0; p < pixels; p++) {
                meanImage[p] += (images[r * pixels + p] - meanImage[p]) / k;
            }
        }
        samples += rows;
        for (int label : labels) {
            labelCounts[label]++;
        }
        return true;
    }

    /** True once every batch of a job with a known batch count has been added. */
    public synchronized boolean complete() {
        return batchesTotal > 0 && batchesSeen.cardinality() == batchesTotal;
    }

    public synchronized Snapshot snapshot() {
        return new Snapshot(runId, samples, batchesSeen.cardinality(), batchesTotal, labelCounts.clone(),
                pixelMean, pixelCount > 1 ? pixelM2 / (pixelCount - 1) : Double.NaN, meanImage.clone());
    }

    /** An immutable view of the statistics at one moment. */
    public record Snapshot(String runId, long samples, int batches, int batchesTotal, long[] labelCounts,
                           double pixelMean, double pixelVariance, double[] meanImage) {

        @Override
        public boolean equals(Object o) {
            return o instanceof Snapshot s && runId.equals(s.runId) && samples == s.samples && batches == s.batches
                    && Arrays.equals(labelCounts, s.labelCounts) && Arrays.equals(meanImage, s.meanImage);
        }

        @Override
        public int hashCode() {
            return runId.hashCode() * 31 + Long.hashCode(samples);
        }
    }
}
