package io.qdm.qpu.service;

/**
 * The uniform u that picks the ancilla branch in ANCILLA_MODE_MEASURE, as circuit-service draws it
 * (qdm.circuit.v1.DenoiseRequest.seed: "derived per (seed, sample index, timestep)"): SplitMix64's finaliser over
 * (seed, sample index, timestep index, stream 2 = ancilla, k = 0). Row i of a job is sample first_sample_index + i,
 * so the statevector provider reproduces circuit-service's Denoise exactly, for a whole request or any slice of it.
 */
public final class AncillaUniforms {
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;
    private static final int ANCILLA_STREAM = 2;

    private AncillaUniforms() {
    }

    /** @param timestepIndex the simulator's index t − 1 − s (0..T−1) */
    public static double uniform(long seed, long sampleIndex, int timestepIndex) {
        long h = mix(seed + GOLDEN_GAMMA);
        h = mix(h ^ (sampleIndex * GOLDEN_GAMMA));
        h = mix(h ^ (((long) timestepIndex << 32) | (ANCILLA_STREAM & 0xFFFFFFFFL)));
        h = mix(h);
        return (h >>> 11) * 0x1.0p-53;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
