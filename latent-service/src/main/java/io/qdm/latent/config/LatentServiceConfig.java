package io.qdm.latent.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Optional;

/** How the service names the autoencoder it serves. */
@ConfigMapping(prefix = "qdm.latent")
public interface LatentServiceConfig {

    /** Registry name of the shipped autoencoder (the name circuit-service model files refer to). */
    @WithDefault("mnist-autoencoder")
    String autoencoderName();

    /**
     * Version of the shipped weights. The manifest (format qdm-autoencoder/2) records no version, so it is
     * configured here; a new set of weights gets a new version.
     */
    @WithDefault("2")
    String autoencoderVersion();

    /**
     * Verified MNIST cache read by ExportLatentDataset (filled by {@code ./qdm data fetch}); absent = {@code $QDM_DATA_DIR}
     * or {@code <repo>/.qdm/data} found from the working directory.
     */
    Optional<String> dataDir();
}
