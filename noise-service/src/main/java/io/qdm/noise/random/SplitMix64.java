package io.qdm.noise.random;

/**
 * The SplitMix64 output function (Steele, Lea, Flood 2014; constants of Stafford's "Mix13", as in
 * {@code java.util.SplittableRandom}). Used as a counter-based generator: the k-th 64-bit word of a key is
 * {@code mix(base + (k + 1) * GOLDEN_GAMMA)}, so any word can be computed without the ones before it.
 */
public final class SplitMix64 {
    /** 2^64 / φ, odd. */
    public static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private SplitMix64() {
    }

    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The k-th (0-based) 64-bit word of the sequence with base state {@code base}. */
    public static long word(long base, long k) {
        return mix(base + (k + 1) * GOLDEN_GAMMA);
    }
}
