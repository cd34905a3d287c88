package io.qdm.qpu.provider;

/**
 * What one circuit gave: per-shot samples (bit i = classical bit c[i] = logical wire i), or for the exact provider
 * the outcome distribution over the logical wires (index with wire 0 as most significant bit).
 */
public record CircuitResult(long[] samples, double[] probabilities) {

    public static CircuitResult ofSamples(long[] samples) {
        return new CircuitResult(samples, null);
    }

    public static CircuitResult exact(double[] probabilities) {
        return new CircuitResult(null, probabilities);
    }
}
