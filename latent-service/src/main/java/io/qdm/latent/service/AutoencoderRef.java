package io.qdm.latent.service;

/** Names one version of an autoencoder (the domain side of qdm.common.v1.ModelRef). */
public record AutoencoderRef(String name, String version) {
}
