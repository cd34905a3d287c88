package io.qdm.noise.service;

import io.qdm.noise.GenerationPlan;
import io.qdm.noise.InitialStateBatch;
import io.qdm.noise.noise.InitialNoise;
import io.qdm.noise.noise.NoiseField;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Splits an accepted generation job into batches of starting states x_T (notes §6: complex Gaussian, normalised).
 * Sample i always draws from (job seed, i), so the batches are byte-identical however the job is split or however
 * often the plan is redelivered.
 */
public final class InitialStateBatcher {

    /** Largest state the pipeline accepts: 2^12 amplitudes (12 data qubits). */
    public static final int MAX_STATE_DIMENSION = 1 << 12;

    /** Validates the plan and returns all of its batches, in order. */
    public List<InitialStateBatch> batches(GenerationPlan plan) {
        validate(plan);
        List<InitialStateBatch> batches = new ArrayList<>(plan.batchesTotal());
        for (int b = 0; b < plan.batchesTotal(); b++) {
            long first = (long) b * plan.batchSize();
            int rows = (int) Math.min(plan.batchSize(), plan.count() - first);
            double[][] states = InitialNoise.sample(rows, plan.stateDimension(), plan.seed(), first, NoiseField.COMPLEX);
            int[] labels = plan.labels().length == 0 ? new int[0]
                    : Arrays.copyOfRange(plan.labels(), (int) first, (int) first + rows);
            batches.add(new InitialStateBatch(b, first, labels, states));
        }
        return batches;
    }

    private static void validate(GenerationPlan plan) {
        if (plan.jobId() == null || plan.jobId().isBlank()) {
            throw new IllegalArgumentException("job_id: missing");
        }
        int dim = plan.stateDimension();
        if (dim < 2 || Integer.bitCount(dim) != 1 || dim > MAX_STATE_DIMENSION) {
            throw new IllegalArgumentException("state_dimension: must be a power of two in [2, " + MAX_STATE_DIMENSION
                    + "], got " + dim);
        }
        if (plan.count() < 1) {
            throw new IllegalArgumentException("count: must be at least 1, got " + plan.count());
        }
        if (plan.batchSize() < 1) {
            throw new IllegalArgumentException("batch_size: must be at least 1, got " + plan.batchSize());
        }
        long expectedBatches = (plan.count() + plan.batchSize() - 1) / plan.batchSize();
        if (plan.batchesTotal() != expectedBatches) {
            throw new IllegalArgumentException("batches_total: " + plan.batchesTotal() + " does not match count "
                    + plan.count() + " / batch_size " + plan.batchSize() + " = " + expectedBatches + " batches");
        }
        if (plan.labels().length != 0 && plan.labels().length != plan.count()) {
            throw new IllegalArgumentException("labels: expected none or one per sample (" + plan.count() + "), got "
                    + plan.labels().length);
        }
    }
}
