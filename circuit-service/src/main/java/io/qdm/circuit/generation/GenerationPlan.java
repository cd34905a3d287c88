package io.qdm.circuit.generation;

/**
 * An accepted generation job with everything resolved (proto {@code GenerationPlanned}): the exact model version,
 * the state dimension, one label per sample (empty for an unconditioned model) and the batch plan.
 */
public record GenerationPlan(String jobId, String requestId, String modelName, String modelVersion,
                             int stateDimension, long count, int[] labels, int batchSize, int batchesTotal, long seed) {
}
