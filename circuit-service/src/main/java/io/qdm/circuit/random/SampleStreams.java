package io.qdm.circuit.random;

/**
 * Counter-based random draws for generation: every draw is a pure function of (seed, sample index, timestep,
 * stream), so a job's output does not depend on how it is batched, which replica runs a batch, or how often a
 * batch is redelivered. The mixer is SplitMix64's finaliser (Steele, Lea, Flood 2014), applied to the tuple.
 */
public final class SampleStreams {

    /** Stream ids: distinct purposes never share draws. */
    public static final int LABELS = 1;
    public static final int ANCILLA = 2;

    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private SampleStreams() {
    }

    /** A uniform double in [0, 1) for (seed, sampleIndex, timestep, stream, k), with 53 random bits. */
    public static double uniform(long seed, long sampleIndex, int timestep, int stream, int k) {
        long h = mix(seed + GOLDEN_GAMMA);
        h = mix(h ^ (sampleIndex * GOLDEN_GAMMA));
        h = mix(h ^ (((long) timestep << 32) | (stream & 0xFFFFFFFFL)));
        h = mix(h + (long) k * GOLDEN_GAMMA);
        return (h >>> 11) * 0x1.0p-53;
    }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
