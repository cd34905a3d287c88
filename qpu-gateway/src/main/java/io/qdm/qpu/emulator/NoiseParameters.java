package io.qdm.qpu.emulator;

/**
 * The noisy emulator's error model (proto {@code qdm.qpu.v1.NoiseModel}).
 *
 * @param depolarizing1q Pauli error probability p after every physical 1-qubit gate ({@code sx}, {@code x}): X, Y,
 *                       Z each with p/3. {@code rz} is a virtual frame change on IBM hardware and stays error-free.
 * @param depolarizing2q Pauli error probability after every 2-qubit gate ({@code cz}, {@code ecr}, …): each of the
 *                       15 non-identity two-qubit Paulis with p/15
 * @param readoutError   probability that a measured bit is flipped (independently per bit)
 */
public record NoiseParameters(double depolarizing1q, double depolarizing2q, double readoutError) {

    public static final NoiseParameters NONE = new NoiseParameters(0, 0, 0);

    public NoiseParameters {
        check("noise.depolarizing_1q", depolarizing1q, 0.75);
        check("noise.depolarizing_2q", depolarizing2q, 15.0 / 16.0);
        check("noise.readout_error", readoutError, 0.5);
    }

    private static void check(String field, double value, double max) {
        if (!(value >= 0 && value <= max)) {
            throw new IllegalArgumentException(field + ": must be in [0, " + max + "], got " + value);
        }
    }
}
