package io.qdm.circuit.generation;

/** Turns final states into images (owned by latent-service: amplitude moduli through the autoencoder's decoder). */
public interface ImageDecoder {

    /**
     * @param autoencoder "name:version" of the decoder the model was trained with
     * @param states      rows of interleaved (re, im) amplitudes
     */
    DecodedImages decode(String autoencoder, double[][] states);
}
