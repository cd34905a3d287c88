package io.qdm.latent.model;

/**
 * {@link ChannelSums} as plain loops: the reference, what runs without the Vector API module, and the remaining
 * channels after {@link VectorChannelSums}'s whole vectors (the static forms start at channel {@code from}).
 */
final class ScalarChannelSums implements ChannelSums {

    @Override
    public void sum4(float[] taps, int a, int b, int d, int e, float[] bias, float[] out, int o, int c) {
        sum4From(0, taps, a, b, d, e, bias, out, o, c);
    }

    @Override
    public void sum2(float[] taps, int a, int b, float[] bias, float[] out, int o, int c) {
        sum2From(0, taps, a, b, bias, out, o, c);
    }

    @Override
    public void sum1(float[] taps, int a, float[] bias, float[] out, int o, int c) {
        sum1From(0, taps, a, bias, out, o, c);
    }

    /** {@link #sum4} for channels {@code from} ≤ k < c. */
    static void sum4From(int from, float[] taps, int a, int b, int d, int e, float[] bias, float[] out, int o, int c) {
        for (int k = from; k < c; k++) {
            out[o + k] = ((taps[a + k] + taps[b + k]) + (taps[d + k] + taps[e + k])) + bias[k];
        }
    }

    /** {@link #sum2} for channels {@code from} ≤ k < c. */
    static void sum2From(int from, float[] taps, int a, int b, float[] bias, float[] out, int o, int c) {
        for (int k = from; k < c; k++) {
            out[o + k] = (taps[a + k] + taps[b + k]) + bias[k];
        }
    }

    /** {@link #sum1} for channels {@code from} ≤ k < c. */
    static void sum1From(int from, float[] taps, int a, float[] bias, float[] out, int o, int c) {
        for (int k = from; k < c; k++) {
            out[o + k] = taps[a + k] + bias[k];
        }
    }
}
