package io.qdm.circuit.generation;

/**
 * The starting states x_T of sampling (owned by noise-service). Implementations must be pure functions of the
 * arguments: sample {@code firstSampleIndex + i} always gets the same state, however a job is split.
 */
public interface InitialStates {

    /** @return {@code count} rows of interleaved (re, im) amplitudes, each of length 2·dimension, unit norm */
    double[][] draw(int count, int dimension, long seed, long firstSampleIndex);
}
