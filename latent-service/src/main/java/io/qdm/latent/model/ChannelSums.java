package io.qdm.latent.model;

/**
 * The inner loops of {@link PhaseOverlapAdd}: one output position's C channels as the sum of four, two or one taps
 * plus the bias, each channel with exactly the float additions, in the order, that the NDArray path makes.
 *
 * <p>Two implementations give the same bits (lane-wise IEEE additions in the same order; {@code ChannelSumsTest}):
 * {@link ScalarChannelSums}, and {@link VectorChannelSums} on the Vector API when the JVM was started with
 * {@code --add-modules jdk.incubator.vector}. The JIT does not vectorise the scalar loops usefully at 64 or 128
 * channels (its pre- and post-loops cover most of such short loops), and the vector form made the decoder's
 * overlap-add 2.3× faster (31–33 µs → 14 µs per image on the 2-core Xeon, same run). {@link #selected()} picks the
 * vector one when the module is there.
 */
interface ChannelSums {

    /** {@code out[o+k] = ((taps[a+k] + taps[b+k]) + (taps[d+k] + taps[e+k])) + bias[k]} for k < c. */
    void sum4(float[] taps, int a, int b, int d, int e, float[] bias, float[] out, int o, int c);

    /** {@code out[o+k] = (taps[a+k] + taps[b+k]) + bias[k]} for k < c. */
    void sum2(float[] taps, int a, int b, float[] bias, float[] out, int o, int c);

    /** {@code out[o+k] = taps[a+k] + bias[k]} for k < c. */
    void sum1(float[] taps, int a, float[] bias, float[] out, int o, int c);

    /** True when the Vector API module is loaded in this JVM. */
    static boolean vectorApiAvailable() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }

    /** The vector sums when the Vector API is available, otherwise the scalar ones (chosen once per JVM). */
    static ChannelSums selected() {
        return Selected.SUMS;
    }

    /** Holder: the vector class is loaded only when the module is present. */
    final class Selected {
        private static final ChannelSums SUMS = vectorApiAvailable() ? new VectorChannelSums() : new ScalarChannelSums();

        private Selected() {
        }
    }
}
