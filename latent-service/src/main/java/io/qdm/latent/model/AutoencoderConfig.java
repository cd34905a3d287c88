package io.qdm.latent.model;

/**
 * Shape of the autoencoder: everything needed to rebuild the block structure before loading weights.
 *
 * @param latentDim length of the latent vector; {@code 8} (3 qubits of amplitudes) is the authors' choice
 *                  (paper notes §1.1). Any value ≥ 2 works; a power of two maps onto whole qubits.
 */
public record AutoencoderConfig(int latentDim) {

    /** Image side in pixels: MNIST 28×28, one channel. */
    public static final int IMAGE_SIDE = 28;
    /** Pixels per image; images travel as row-major vectors of this length with values in [0, 1]. */
    public static final int PIXELS = IMAGE_SIDE * IMAGE_SIDE;
    /** The authors' latent size (3 qubits). */
    public static final int DEFAULT_LATENT_DIM = 8;

    public AutoencoderConfig {
        if (latentDim < 2 || latentDim > 4096) {
            throw new IllegalArgumentException("latentDim: " + latentDim + " is outside [2, 4096]");
        }
    }

    public static AutoencoderConfig defaults() {
        return new AutoencoderConfig(DEFAULT_LATENT_DIM);
    }

    /** Number of qubits whose amplitudes hold the latent, or -1 if {@link #latentDim} is not a power of two. */
    public int qubits() {
        return Integer.bitCount(latentDim) == 1 ? Integer.numberOfTrailingZeros(latentDim) : -1;
    }
}
