package io.qdm.circuit.generation;

import io.qdm.circuit.registry.RegisteredModel;

/**
 * Where the reverse steps run: the local simulator (default) or qpu-gateway. Same contract as
 * {@code ReverseProcess.denoise}: rows of interleaved (re, im) amplitudes in and out, step t maps x_t to x_{t−1}.
 */
@FunctionalInterface
public interface ReverseSteps {

    double[][] run(RegisteredModel model, double[][] states, int[] labels, int t, int steps, long seed,
                   long firstSampleIndex);
}
