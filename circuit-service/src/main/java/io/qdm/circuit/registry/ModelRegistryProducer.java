package io.qdm.circuit.registry;

import io.qdm.circuit.config.CircuitConfig;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** Builds the registry from the configured (shared) models directory at startup; it follows the directory after. */
public class ModelRegistryProducer {

    @Produces
    @ApplicationScoped
    ModelRegistry registry(CircuitConfig config) {
        Path dir = Path.of(config.modelsDir());
        try {
            ModelRegistry registry = ModelRegistry.loadDirectory(dir,
                    java.time.Duration.ofSeconds(config.modelsRescanSeconds()));
            Log.infof("model registry: %d model(s) from %s: %s", registry.names().size(), dir.toAbsolutePath(),
                    registry.names());
            return registry;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load the model registry from " + dir.toAbsolutePath(), e);
        }
    }
}
