package io.qdm.circuit.service;

import io.qdm.circuit.config.CircuitConfig;
import io.qdm.circuit.registry.ModelRegistry;
import io.qdm.circuit.registry.RegisteredModel;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;

/** One {@link ReverseProcess} per application, its models prepared at startup, closed (its simulator threads stopped) at shutdown. */
public class ReverseProcessProducer {

    @Produces
    @ApplicationScoped
    ReverseProcess reverseProcess(CircuitConfig config) {
        return new ReverseProcess(config.simulatorThreads());
    }

    /** Folds the latest version of every registered model in the background, so first requests do not wait. */
    void prepareAtStartup(@Observes StartupEvent start, ReverseProcess process, ModelRegistry registry) {
        Thread warm = new Thread(() -> {
            for (RegisteredModel model : registry.list("")) {
                try {
                    process.prepare(model);
                } catch (RuntimeException e) {
                    Log.warnf("could not prepare model %s ahead of requests: %s", model.ref(), e.getMessage());
                }
            }
        }, "qdm-prepare-models");
        warm.setDaemon(true);
        warm.start();
    }

    void close(@Disposes ReverseProcess process) {
        process.close();
    }
}
