package io.qdm.latent.model;

/** {@link ChannelSums} as plain loops: the reference, and what runs without the Vector API module. */
final class ScalarChannelSums implements ChannelSums {

    @Override
    public void sum4(float[] taps, int a, int b, int d, int e, float[] bias, float[] out, int o, int c) {
        for (int k = 0; k < c; k++) {
            out[o + k] = ((taps[a + k] + taps[b + k]) + (taps[d + k] + taps[e + k])) + bias[k];
        }
    }

    @Override
    public void sum2(float[] taps, int a, int b, float[] bias, float[] out, int o, int c) {
        for (int k = 0; k < c; k++) {
            out[o + k] = (taps[a + k] + taps[b + k]) + bias[k];
        }
    }

    @Override
    public void sum1(float[] taps, int a, float[] bias, float[] out, int o, int c) {
        for (int k = 0; k < c; k++) {
            out[o + k] = taps[a + k] + bias[k];
        }
    }
}
