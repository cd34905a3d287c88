package io.qdm.noise;

/**
 * The starting states x_T of one batch of a generation job: rows {@code firstSampleIndex ..
 * firstSampleIndex + states.length - 1} of the job, each an interleaved (re, im) unit-norm vector.
 *
 * @param labels the labels of these rows (empty for an unconditioned model)
 */
public record InitialStateBatch(int batchIndex, long firstSampleIndex, int[] labels, double[][] states) {
}
