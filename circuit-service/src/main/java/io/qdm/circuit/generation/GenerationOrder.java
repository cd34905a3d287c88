package io.qdm.circuit.generation;

/**
 * A request for samples as the planner sees it (mapped from proto {@code GenerateRequest}).
 *
 * @param labels      explicit labels: one for all samples, or exactly {@code count}; null when not given
 * @param classWeights weights per label for a seeded categorical draw; null when not given (empty = uniform)
 * @param batchSize   samples per pipeline batch; 0 = default
 */
public record GenerationOrder(String jobId, String requestId, String modelName, String modelVersion, long count,
                              int[] labels, double[] classWeights, long seed, int batchSize) {
}
