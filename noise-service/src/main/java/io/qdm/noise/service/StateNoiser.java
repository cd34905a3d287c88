package io.qdm.noise.service;

import io.qdm.noise.NoiseCall;
import io.qdm.noise.config.NoiseConfig;
import io.qdm.noise.noise.Amplitudes;
import io.qdm.noise.noise.ForwardProcess;
import io.qdm.noise.noise.InitialNoise;
import io.qdm.noise.noise.NoiseField;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The unary calls: noise clean states at one timestep ({@link ForwardProcess#noise}) and draw starting states
 * ({@link InitialNoise#sample}), after the checks the contract asks of a request (quantum-state dimensions, unit-norm
 * rows, size limits). Every error is an {@link IllegalArgumentException} whose message starts with the field path.
 */
@ApplicationScoped
public class StateNoiser {

    /** Rows of a Noise request must have norm 1 within this (the contract: "each row unit-norm"). */
    public static final double NORM_TOLERANCE = 1e-6;

    private final long maxAmplitudes;
    private final int maxDimension;

    @Inject
    public StateNoiser(NoiseConfig config) {
        this(config.limits().maxAmplitudesPerCall(), config.limits().maxStateDimension());
    }

    public StateNoiser(long maxAmplitudes, int maxDimension) {
        this.maxAmplitudes = maxAmplitudes;
        this.maxDimension = maxDimension;
    }

    /** @return the noisy rows, interleaved complex, in request order */
    public double[][] noise(NoiseCall call) {
        checkShape("states.shape", call.states().length, call.dimension());
        for (int i = 0; i < call.states().length; i++) {
            double n = Amplitudes.norm(call.states()[i]);
            if (Math.abs(n - 1.0) > NORM_TOLERANCE) {
                throw new IllegalArgumentException("states: row " + i + " has norm " + n + ", expected 1 ± "
                        + NORM_TOLERANCE);
            }
        }
        ForwardProcess process = call.process().build();
        return process.noise(call.states(), call.timestep(), call.seed(), call.firstSampleIndex(), call.normalise());
    }

    /** @return {@code count} unit rows, interleaved complex */
    public double[][] initialNoise(int count, int dimension, long seed, long firstSampleIndex, NoiseField field) {
        if (count < 1) {
            throw new IllegalArgumentException("count: must be at least 1, got " + count);
        }
        checkShape("dimension", count, dimension);
        return InitialNoise.sample(count, dimension, seed, firstSampleIndex, field);
    }

    private void checkShape(String field, long rows, int dimension) {
        if (dimension < 2 || Integer.bitCount(dimension) != 1) {
            throw new IllegalArgumentException(field + ": dimension " + dimension
                    + " is not a power of two >= 2 (a state of n qubits has 2^n amplitudes)");
        }
        if (dimension > maxDimension) {
            throw new IllegalArgumentException(field + ": dimension " + dimension + " exceeds this service's limit of "
                    + maxDimension + " (qdm.noise.limits.max-state-dimension)");
        }
        if (rows * dimension > maxAmplitudes) {
            throw new IllegalArgumentException(field + ": " + rows + " x " + dimension + " amplitudes exceed the limit of "
                    + maxAmplitudes + " per call (qdm.noise.limits.max-amplitudes-per-call); split the batch with "
                    + "first_sample_index");
        }
    }
}
