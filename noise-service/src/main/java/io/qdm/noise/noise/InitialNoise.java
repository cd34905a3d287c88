package io.qdm.noise.noise;

import io.qdm.noise.random.DrawKey;
import io.qdm.noise.random.GaussianStream;
import io.qdm.noise.random.StreamId;

/**
 * The starting states x_T of sampling (notes §6): ε drawn as in {@link NoiseField} and L2-normalised, which is what
 * the authors' first sampling step turns it into. Row i draws from key (seed, firstSampleIndex + i, 0,
 * {@link StreamId#INITIAL_NOISE}), independent of batching.
 */
public final class InitialNoise {
    /** Upper bound on count·dimension per call (2^26 amplitudes ≈ 1 GiB of complex128); larger requests must be split. */
    public static final long MAX_AMPLITUDES = 1L << 26;

    private InitialNoise() {
    }

    /**
     * @param dimension vector length, a power of two (2^data qubits), e.g. 8 for the latent model
     * @return {@code count} interleaved complex rows of norm 1
     * @throws IllegalArgumentException naming the field if count or dimension is invalid
     */
    public static double[][] sample(int count, int dimension, long seed, long firstSampleIndex, NoiseField field) {
        if (count < 1) {
            throw new IllegalArgumentException("count: must be at least 1, got " + count);
        }
        if (dimension < 1 || Integer.bitCount(dimension) != 1) {
            throw new IllegalArgumentException("dimension: must be a power of two (2^qubits), got " + dimension);
        }
        if ((long) count * dimension > MAX_AMPLITUDES) {
            throw new IllegalArgumentException("count: " + count + " x " + dimension + " amplitudes exceed the limit of "
                    + MAX_AMPLITUDES + " per call; split the request with first_sample_index");
        }
        if (firstSampleIndex < 0) {
            throw new IllegalArgumentException("first_sample_index: must be >= 0, got " + firstSampleIndex);
        }
        if (field == null) {
            throw new IllegalArgumentException("field: missing (expected complex or real)");
        }
        double[][] out = new double[count][];
        for (int i = 0; i < count; i++) {
            double[] z = new double[2 * dimension];
            GaussianStream g = new DrawKey(seed, firstSampleIndex + i, 0, StreamId.INITIAL_NOISE).gaussians();
            for (int k = 0; k < dimension; k++) {
                z[2 * k] = g.nextGaussian();
                z[2 * k + 1] = field == NoiseField.COMPLEX ? g.nextGaussian() : 0.0;
            }
            out[i] = Amplitudes.normaliseInPlace("states[" + i + "]", z);
        }
        return out;
    }
}
