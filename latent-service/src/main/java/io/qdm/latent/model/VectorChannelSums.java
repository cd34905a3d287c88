package io.qdm.latent.model;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link ChannelSums} on the Vector API: whole vectors of channels, then the remaining channels with
 * {@link ScalarChannelSums}'s loops (the decoder's 64 and 128 channels leave none; its last layer's single channel
 * is all remainder). Each lane makes the scalar loop's additions in its order, so the bits are the same.
 */
final class VectorChannelSums implements ChannelSums {

    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

    @Override
    public void sum4(float[] taps, int a, int b, int d, int e, float[] bias, float[] out, int o, int c) {
        int whole = SPECIES.loopBound(c);
        for (int k = 0; k < whole; k += SPECIES.length()) {
            FloatVector ab = FloatVector.fromArray(SPECIES, taps, a + k)
                    .add(FloatVector.fromArray(SPECIES, taps, b + k));
            FloatVector de = FloatVector.fromArray(SPECIES, taps, d + k)
                    .add(FloatVector.fromArray(SPECIES, taps, e + k));
            ab.add(de).add(FloatVector.fromArray(SPECIES, bias, k)).intoArray(out, o + k);
        }
        ScalarChannelSums.sum4From(whole, taps, a, b, d, e, bias, out, o, c);
    }

    @Override
    public void sum2(float[] taps, int a, int b, float[] bias, float[] out, int o, int c) {
        int whole = SPECIES.loopBound(c);
        for (int k = 0; k < whole; k += SPECIES.length()) {
            FloatVector.fromArray(SPECIES, taps, a + k).add(FloatVector.fromArray(SPECIES, taps, b + k))
                    .add(FloatVector.fromArray(SPECIES, bias, k)).intoArray(out, o + k);
        }
        ScalarChannelSums.sum2From(whole, taps, a, b, bias, out, o, c);
    }

    @Override
    public void sum1(float[] taps, int a, float[] bias, float[] out, int o, int c) {
        int whole = SPECIES.loopBound(c);
        for (int k = 0; k < whole; k += SPECIES.length()) {
            FloatVector.fromArray(SPECIES, taps, a + k).add(FloatVector.fromArray(SPECIES, bias, k)).intoArray(out, o + k);
        }
        ScalarChannelSums.sum1From(whole, taps, a, bias, out, o, c);
    }
}
