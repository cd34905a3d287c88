package io.qdm.noise;

/**
 * What the noise stage needs of an accepted generation job (proto {@code GenerationPlanned}): how many samples of
 * which dimension, their labels, the batch plan and the seed. Sample i is row i of the job.
 *
 * @param labels one per sample, or empty for an unconditioned model
 */
public record GenerationPlan(String jobId, int stateDimension, long count, int[] labels, int batchSize,
                             int batchesTotal, long seed) {
}
