package io.qdm.latent.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Vector API channel sums give the scalar loops' bits, for the decoder's channel counts and for counts with a
 * remainder, with signed zeros, subnormals, infinities and NaN among the values.
 */
class ChannelSumsTest {

    private static final long SEED = 20261127L;
    private static final float[] SPECIAL = {-0.0f, 0.0f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MAX_VALUE,
            Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN, 1e-30f, -1e30f};

    @Test
    void testJvmsLoadTheVectorApiSoTheVectorPathIsWhatRuns() {
        // surefire's argLine adds the module; without it this class would test the scalar loops against themselves
        assertThat(ChannelSums.vectorApiAvailable()).isTrue();
        assertThat(ChannelSums.selected()).isInstanceOf(VectorChannelSums.class);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 16, 17, 31, 64, 100, 128})
    void vectorSumsHaveTheScalarBits(int channels) {
        SplittableRandom rng = new SplittableRandom(SEED + channels);
        int offset = 5; // taps start off any vector alignment
        float[] taps = new float[offset + 4 * channels + 7];
        for (int i = 0; i < taps.length; i++) {
            taps[i] = rng.nextInt(8) == 0 ? SPECIAL[rng.nextInt(SPECIAL.length)] : (float) (rng.nextGaussian() * 3);
        }
        float[] bias = new float[channels];
        for (int k = 0; k < channels; k++) {
            bias[k] = k % 5 == 0 ? -0.0f : (float) rng.nextGaussian();
        }
        int a = offset;
        int b = offset + channels;
        int d = offset + 2 * channels + 3;
        int e = offset + 3 * channels + 1;
        ChannelSums scalar = new ScalarChannelSums();
        ChannelSums vector = new VectorChannelSums();
        int o = 2;

        float[] expected = new float[o + channels];
        float[] actual = new float[o + channels];
        scalar.sum4(taps, a, b, d, e, bias, expected, o, channels);
        vector.sum4(taps, a, b, d, e, bias, actual, o, channels);
        assertSameBits(actual, expected);

        scalar.sum2(taps, b, e, bias, expected, o, channels);
        vector.sum2(taps, b, e, bias, actual, o, channels);
        assertSameBits(actual, expected);

        scalar.sum1(taps, d, bias, expected, o, channels);
        vector.sum1(taps, d, bias, actual, o, channels);
        assertSameBits(actual, expected);
    }

    @Test
    void scalarSumsAddInTheNdArrayPathsOrder() {
        // floats are 8 apart at 1e8: pairs first, (1e8 + 1) + (-1e8 + 1) = 1e8 - 1e8 = 0; left to right would give 1
        float[] taps = {1e8f, 1f, -1e8f, 1f};
        float[] out = new float[1];
        new ScalarChannelSums().sum4(taps, 0, 1, 2, 3, new float[] {0.5f}, out, 0, 1);
        assertThat(out[0]).isEqualTo(0.5f);
        new ScalarChannelSums().sum2(new float[] {-0.0f, -0.0f}, 0, 1, new float[] {0.0f}, out, 0, 1);
        assertThat(Float.floatToRawIntBits(out[0])).isEqualTo(Float.floatToRawIntBits(0.0f));
    }

    private static void assertSameBits(float[] actual, float[] expected) {
        int[] a = new int[actual.length];
        int[] e = new int[expected.length];
        for (int i = 0; i < actual.length; i++) {
            a[i] = Float.floatToRawIntBits(actual[i]);
            e[i] = Float.floatToRawIntBits(expected[i]);
        }
        assertThat(a).containsExactly(e);
    }
}
