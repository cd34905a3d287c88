package io.qdm.latent.service;

import java.util.Map;

/**
 * What a client needs to know about the served autoencoder: its identity, shapes, the verified weights hash, the
 * engine actually running it, and the training metrics and provenance recorded in its manifest.
 */
public record AutoencoderDescription(AutoencoderRef ref, int latentDim, int imageHeight, int imageWidth,
        String weightsSha256, String engine, Map<String, Double> metrics, Map<String, String> provenance) {
}
