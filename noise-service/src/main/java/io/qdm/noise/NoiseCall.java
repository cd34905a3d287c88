package io.qdm.noise;

/**
 * One Noise call: clean states x0 to noise at one timestep.
 *
 * @param states         rows of interleaved complex amplitudes (imaginary parts 0 for real input), all of length 2·dimension
 * @param realInput      whether the caller sent real (float64) states; with real noise the reply is real too
 * @param firstSampleIndex absolute index of row 0, so a batch split over several calls draws the same noise per sample
 */
public record NoiseCall(double[][] states, int dimension, boolean realInput, int timestep, ProcessSpec process,
        long seed, long firstSampleIndex, boolean normalise) {
}
