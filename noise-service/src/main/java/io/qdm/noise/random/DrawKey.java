package io.qdm.noise.random;

/**
 * The coordinates of one group of random draws: (request seed, absolute sample index, timestep, stream). Every random
 * number QDM's noise service produces is a pure function of its key and its position within the key's sequence, so
 * output does not depend on how a request is split into batches, partitions or retries.
 *
 * @param sampleIndex absolute index of the sample within the request (for training pairs: the draw index
 *                    {@code epoch * datasetSize + position}); an epoch number for {@link StreamId#SHUFFLE}
 * @param timestep    timestep index, or 0 where a stream has none
 */
public record DrawKey(long seed, long sampleIndex, int timestep, StreamId stream) {

    /**
     * The 64-bit base state of this key: the four coordinates folded in turn through the SplitMix64 finaliser, each
     * pre-mixed with its own odd offset so that (seed, index) = (a, b) and (b, a) do not collide trivially.
     */
    public long base() {
        long h = SplitMix64.mix(seed + SplitMix64.GOLDEN_GAMMA);
        h = SplitMix64.mix(h ^ SplitMix64.mix(sampleIndex + 2 * SplitMix64.GOLDEN_GAMMA));
        h = SplitMix64.mix(h ^ SplitMix64.mix(timestep + 3 * SplitMix64.GOLDEN_GAMMA));
        return SplitMix64.mix(h ^ SplitMix64.mix(stream.code() + 4 * SplitMix64.GOLDEN_GAMMA));
    }

    /** A fresh generator positioned at the start of this key's sequence. */
    public GaussianStream gaussians() {
        return new GaussianStream(this);
    }
}
