package io.qdm.circuit.generation;

/**
 * The outcome of a synchronous generation.
 *
 * @param states final states x_0, rows of interleaved (re, im) amplitudes
 * @param labels one per sample (empty for an unconditioned model)
 * @param images the decoded images, or null when only states were asked for
 */
public record GeneratedSamples(double[][] states, int[] labels, DecodedImages images) {
}
