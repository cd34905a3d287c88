package io.qdm.noise.noise;

import static io.qdm.noise.Tolerances.F64;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.qdm.noise.Tolerances;
import org.junit.jupiter.api.Test;

class InitialNoiseTest {

    @Test
    void rowsAreUnitNormAndIndependentOfBatching() {
        double[][] all = InitialNoise.sample(100, 8, 77, 0, NoiseField.COMPLEX);
        for (double[] r : all) {
            assertThat(r).hasSize(16);
            assertThat(Amplitudes.norm(r)).isCloseTo(1, within(F64));
        }
        double[][] pieces = new double[100][];
        for (int start = 0; start < 100; start += 7) {
            int n = Math.min(7, 100 - start);
            System.arraycopy(InitialNoise.sample(n, 8, 77, start, NoiseField.COMPLEX), 0, pieces, start, n);
        }
        assertThat(Tolerances.bytes(pieces)).isEqualTo(Tolerances.bytes(all));
    }

    @Test
    void complexRowsHaveImaginaryPartsAndRealRowsDoNot() {
        double[] c = InitialNoise.sample(1, 256, 1, 0, NoiseField.COMPLEX)[0];
        double[] r = InitialNoise.sample(1, 256, 1, 0, NoiseField.REAL)[0];
        double imC = 0;
        double imR = 0;
        for (int k = 0; k < 256; k++) {
            imC += c[2 * k + 1] * c[2 * k + 1];
            imR += r[2 * k + 1] * r[2 * k + 1];
        }
        assertThat(imC).isCloseTo(0.5, within(0.15)); // half the energy, ±4.5 sigma for 256 amplitudes
        assertThat(imR).isZero();
    }

    @Test
    void badArgumentsNameTheField() {
        assertThatThrownBy(() -> InitialNoise.sample(0, 8, 1, 0, NoiseField.COMPLEX))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("count: must be at least 1, got 0");
        assertThatThrownBy(() -> InitialNoise.sample(4, 12, 1, 0, NoiseField.COMPLEX))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("dimension: must be a power of two (2^qubits), got 12");
        assertThatThrownBy(() -> InitialNoise.sample(1 << 20, 256, 1, 0, NoiseField.COMPLEX))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("count: 1048576 x 256 amplitudes");
        assertThatThrownBy(() -> InitialNoise.sample(4, 8, 1, -3, NoiseField.COMPLEX))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("first_sample_index: must be >= 0, got -3");
    }
}
