package io.qdm.circuit.service;

import io.qdm.circuit.config.CircuitConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;

/** One {@link ReverseProcess} per application, closed (its simulator threads stopped) at shutdown. */
public class ReverseProcessProducer {

    @Produces
    @ApplicationScoped
    ReverseProcess reverseProcess(CircuitConfig config) {
        return new ReverseProcess(config.simulatorThreads());
    }

    void close(@Disposes ReverseProcess process) {
        process.close();
    }
}
