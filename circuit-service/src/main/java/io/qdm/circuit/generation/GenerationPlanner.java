package io.qdm.circuit.generation;

import io.qdm.circuit.random.SampleStreams;

import java.util.Arrays;

/**
 * Validates a generation order against its model and resolves it into a plan: labels per sample (explicit, or
 * drawn from the class distribution with the job seed, sample by sample, so the draw never depends on batching)
 * and the batch plan. Errors name the request field and the reason.
 */
public final class GenerationPlanner {

    public static final int DEFAULT_BATCH_SIZE = 256;
    public static final int MAX_BATCH_SIZE = 4096;
    public static final long MAX_COUNT = 1_000_000;

    public GenerationPlan plan(GenerationOrder order, ModelShape model) {
        if (order.count() < 1 || order.count() > MAX_COUNT) {
            throw new IllegalArgumentException("count: must be in [1, " + MAX_COUNT + "], got " + order.count());
        }
        int batchSize = order.batchSize() == 0 ? DEFAULT_BATCH_SIZE : order.batchSize();
        if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
            throw new IllegalArgumentException("batch_size: must be in [1, " + MAX_BATCH_SIZE + "] (0 = default "
                    + DEFAULT_BATCH_SIZE + "), got " + order.batchSize());
        }
        int[] labels = resolveLabels(order, model);
        int batches = (int) ((order.count() + batchSize - 1) / batchSize);
        return new GenerationPlan(order.jobId(), order.requestId(), model.name(), model.version(),
                model.stateDimension(), order.count(), labels, batchSize, batches, order.seed());
    }

    private static int[] resolveLabels(GenerationOrder order, ModelShape model) {
        boolean explicit = order.labels() != null && order.labels().length > 0;
        boolean weighted = order.classWeights() != null;
        if (!model.conditioned()) {
            if (explicit || (weighted && order.classWeights().length > 0)) {
                throw new IllegalArgumentException((explicit ? "labels" : "class_distribution")
                        + ": model " + model.name() + "/" + model.version() + " is unconditioned and takes no labels");
            }
            return new int[0];
        }
        int n = Math.toIntExact(order.count());
        if (explicit) {
            int[] given = order.labels();
            if (given.length != 1 && given.length != n) {
                throw new IllegalArgumentException("labels: expected 1 label or one per sample (" + n + "), got "
                        + given.length);
            }
            for (int i = 0; i < given.length; i++) {
                if (given[i] < 0 || given[i] >= model.classes()) {
                    throw new IllegalArgumentException("labels: label " + given[i] + " at index " + i
                            + " is outside 0.." + (model.classes() - 1) + " of model " + model.name());
                }
            }
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) {
                labels[i] = given.length == 1 ? given[0] : given[i];
            }
            return labels;
        }
        double[] cumulative = cumulativeWeights(order.classWeights(), model.classes());
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            double u = SampleStreams.uniform(order.seed(), i, 0, SampleStreams.LABELS, 0);
            // the first label whose cumulative weight exceeds u; zero-weight labels are never chosen
            int label = 0;
            while (label < cumulative.length - 1 && u >= cumulative[label]) {
                label++;
            }
            labels[i] = label;
        }
        return labels;
    }

    /** Normalised cumulative weights (uniform when none are given); the last entry is exactly 1. */
    private static double[] cumulativeWeights(double[] weights, int classes) {
        double[] w = weights == null || weights.length == 0 ? filled(classes) : weights;
        if (w.length != classes) {
            throw new IllegalArgumentException("class_distribution.weights: expected " + classes + " weights, got "
                    + w.length);
        }
        double total = 0;
        for (int i = 0; i < w.length; i++) {
            if (!Double.isFinite(w[i]) || w[i] < 0) {
                throw new IllegalArgumentException("class_distribution.weights: weight " + i + " is " + w[i]
                        + ", expected a finite value >= 0");
            }
            total += w[i];
        }
        if (total <= 0) {
            throw new IllegalArgumentException("class_distribution.weights: all weights are zero");
        }
        double[] cumulative = new double[classes];
        double running = 0;
        for (int i = 0; i < classes; i++) {
            running += w[i];
            cumulative[i] = running / total;
        }
        cumulative[classes - 1] = 1.0;
        return cumulative;
    }

    private static double[] filled(int n) {
        double[] w = new double[n];
        Arrays.fill(w, 1.0);
        return w;
    }
}
