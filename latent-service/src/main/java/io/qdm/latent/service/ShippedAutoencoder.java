package io.qdm.latent.service;

import io.qdm.latent.config.DjlConfig;
import io.qdm.latent.model.AutoencoderModel;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Owns the one {@link AutoencoderModel} of the application (it holds native memory): loaded from the shipped
 * weights, SHA-256 verified, at startup so that a missing or modified weights file stops the service instead of
 * failing the first request; closed at shutdown.
 */
@ApplicationScoped
public class ShippedAutoencoder {

    @Produces
    @Singleton
    AutoencoderModel load(DjlConfig djl) {
        DjlRuntime.apply(djl);
        try {
            return AutoencoderModel.loadShipped();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load the shipped autoencoder: " + e.getMessage(), e);
        }
    }

    void close(@Disposes AutoencoderModel model) {
        model.close();
    }

    /** Loads eagerly: fail fast on bad weights, and keep the ~2 s first native call out of the first request. */
    void onStart(@Observes StartupEvent event, AutoencoderModel model) {
        model.latentDim();
    }
}
