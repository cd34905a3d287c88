package io.qdm.noise.random;

/**
 * Standard normal (and uniform) draws for one {@link DrawKey}, counter-based.
 *
 * <p>Method: word k of the key is {@link SplitMix64#word(long, long)}. Uniforms take its top 53 bits. Normals come
 * in pairs by the Box–Muller transform: for pair j, u1 = (word(2j) >>> 11 + 1)·2^-53 ∈ (0, 1] and
 * u2 = (word(2j+1) >>> 11)·2^-53 ∈ [0, 1); r = √(−2 ln u1); normal 2j = r cos(2π u2), normal 2j+1 = r sin(2π u2).
 * {@link StrictMath} is used for log/sqrt/sin/cos so the bits are the same on every JVM and CPU.
 *
 * <p>Uniform and Gaussian draws share the word counter; use one kind per key. Not thread-safe (cheap to create).
 */
public final class GaussianStream {
    private static final double TWO_POW_MINUS_53 = 0x1.0p-53;
    private static final double TWO_PI = 2 * Math.PI;

    private final long base;
    private long counter;
    private double spare;
    private boolean hasSpare;

    public GaussianStream(DrawKey key) {
        this.base = key.base();
    }

    /** Next uniform in [0, 1). */
    public double nextUniform() {
        return (SplitMix64.word(base, counter++) >>> 11) * TWO_POW_MINUS_53;
    }

    /** Next uniform integer in [0, bound), by Lemire's multiply-shift on 32 random bits rejected for bias. */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound: must be positive, got " + bound);
        }
        long threshold = (1L << 32) % bound;
        while (true) {
            long r = SplitMix64.word(base, counter++) >>> 32;
            long m = r * bound;
            if ((m & 0xFFFFFFFFL) >= threshold) {
                return (int) (m >>> 32);
            }
        }
    }

    /** Next standard normal. */
    public double nextGaussian() {
        if (hasSpare) {
            hasSpare = false;
            return spare;
        }
        double u1 = ((SplitMix64.word(base, counter++) >>> 11) + 1) * TWO_POW_MINUS_53;
        double u2 = (SplitMix64.word(base, counter++) >>> 11) * TWO_POW_MINUS_53;
        double r = StrictMath.sqrt(-2.0 * StrictMath.log(u1));
        double a = TWO_PI * u2;
        spare = r * StrictMath.sin(a);
        hasSpare = true;
        return r * StrictMath.cos(a);
    }

    /** Fills {@code out[offset .. offset+n)} with the next {@code n} standard normals. */
    public void fillGaussian(double[] out, int offset, int n) {
        for (int i = 0; i < n; i++) {
            out[offset + i] = nextGaussian();
        }
    }
}
