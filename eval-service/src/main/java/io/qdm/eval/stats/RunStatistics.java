package io.qdm.eval.stats;

import io.qdm.eval.metrics.MomentAccumulator;
import io.qdm.eval.metrics.SampleSet;

import java.util.Arrays;
import java.util.BitSet;

/**
 * Streaming statistics of one evaluation run's samples, exact in float64: count, per-label counts, the mean image
 * and the mean and variance of pixel intensity (Welford/Chan parallel update, so adding batches in any grouping gives
 * the same result up to rounding). Batches are identified by index: a redelivered batch is ignored, so at-least-once
 * delivery never double counts.
 *
 * <p>With a feature dimension, each added batch also carries the default extractor's features and class
 * probabilities: the feature and pixel moments (float64, {@link MomentAccumulator}) cover every sample, and the first
 * {@code maxStored} samples keep their images, features, probabilities and labels for the metrics that need the
 * samples themselves (KID, precision/recall, JSD, conditioning accuracy, ROC-AUC).
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

    private final int featureDim;
    private final int classes;
    private final int maxStored;
    private final MomentAccumulator featureMoments;
    private final MomentAccumulator pixelMoments;
    private float[] storedImages = new float[0];
    private float[] storedFeatures = new float[0];
    private float[] storedProbabilities = new float[0];
    private int[] storedLabels = new int[0];
    private int stored;
    private boolean unlabelledSeen;

    /** Pixel statistics only (no features). */
    public RunStatistics(String runId, int pixels) {
        this(runId, pixels, 0, 0, 0);
    }

    /**
     * @param featureDim features per sample (0 = pixel statistics only)
     * @param classes    class probabilities per sample
     * @param maxStored  samples whose images, features and probabilities are kept
     */
    public RunStatistics(String runId, int pixels, int featureDim, int classes, int maxStored) {
        this.runId = runId;
        this.pixels = pixels;
        this.meanImage = new double[pixels];
        this.featureDim = featureDim;
        this.classes = classes;
        this.maxStored = maxStored;
        this.featureMoments = featureDim > 0 ? new MomentAccumulator(featureDim) : null;
        this.pixelMoments = featureDim > 0 ? new MomentAccumulator(pixels) : null;
    }

    public String runId() {
        return runId;
    }

    /** True when a batch with this index was already added (a redelivery); -1 is never seen. */
    public synchronized boolean seen(int batchIndex) {
        return batchIndex >= 0 && batchesSeen.get(batchIndex);
    }

    /**
     * Adds a batch with its features ({@code rows × featureDim}) and class probabilities ({@code rows × classes}),
     * row-major float32, in the order of the images.
     */
    public synchronized boolean add(double[] images, int[] labels, int batchIndex, int batchesTotal,
            float[] features, float[] probabilities) {
        validate(images, labels);
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] >= classes) {
                throw new IllegalArgumentException("labels: label " + labels[i] + " at index " + i + " is outside 0.."
                        + (classes - 1) + " (the feature extractor's classes)");
            }
        }
        int rows = images.length / pixels;
        if (featureDim == 0 || features.length != rows * featureDim || probabilities.length != rows * classes) {
            throw new IllegalStateException("features: expected " + rows + " x " + featureDim + " features and "
                    + rows + " x " + classes + " probabilities");
        }
        if (!add(images, labels, batchIndex, batchesTotal)) {
            return false;
        }
        featureMoments.add(features, rows);
        pixelMoments.add(images, rows);
        if (labels.length == 0) {
            unlabelledSeen = true;
        }
        int keep = Math.min(rows, maxStored - stored);
        if (keep > 0) {
            int n = stored + keep;
            storedImages = Arrays.copyOf(storedImages, n * pixels);
            storedFeatures = Arrays.copyOf(storedFeatures, n * featureDim);
            storedProbabilities = Arrays.copyOf(storedProbabilities, n * classes);
            storedLabels = Arrays.copyOf(storedLabels, n);
            for (int i = 0; i < keep * pixels; i++) {
                storedImages[stored * pixels + i] = (float) images[i];
            }
            System.arraycopy(features, 0, storedFeatures, stored * featureDim, keep * featureDim);
            System.arraycopy(probabilities, 0, storedProbabilities, stored * classes, keep * classes);
            for (int i = 0; i < keep; i++) {
                storedLabels[stored + i] = labels.length == 0 ? -1 : labels[i];
            }
            stored = n;
        }
        return true;
    }

    /**
     * The run as the metrics read it (copies); labels are null unless every sample carried a requested label.
     *
     * @throws IllegalStateException for a run without features
     */
    public synchronized SampleSet sampleSet() {
        if (featureDim == 0) {
            throw new IllegalStateException("run " + runId + " keeps no features");
        }
        MomentAccumulator f = new MomentAccumulator(featureDim);
        f.merge(featureMoments);
        MomentAccumulator p = new MomentAccumulator(pixels);
        p.merge(pixelMoments);
        return new SampleSet("run " + runId, stored, storedImages.clone(), storedFeatures.clone(),
                storedProbabilities.clone(), unlabelledSeen ? null : storedLabels.clone(), f, p);
    }

    /**
     * Checks a batch without adding it: whole images, values in [0, 1] (NaN and infinities rejected), labels none or
     * one per image in 0..{@value #MAX_LABELS}-1.
     *
     * @throws IllegalArgumentException naming the field
     */
    public void validate(double[] images, int[] labels) {
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
    }

    /**
     * Adds one batch of images ({@code images.length / pixels} rows, values in [0, 1]).
     *
     * @param batchIndex   the batch's index in its job, or -1 for samples without one (never de-duplicated)
     * @param batchesTotal the job's batch count, or -1 when unknown
     * @return false when this batch index was already counted (a redelivery), true when it was added
     */
    public synchronized boolean add(double[] images, int[] labels, int batchIndex, int batchesTotal) {
        validate(images, labels);
        int rows = images.length / pixels;
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
