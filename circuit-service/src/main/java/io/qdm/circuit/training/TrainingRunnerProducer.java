package io.qdm.circuit.training;

import io.qdm.circuit.clients.NoiseServiceClient;
import io.qdm.circuit.mapping.TrainingPairMapping;
import io.qdm.circuit.config.CircuitConfig;
import io.qdm.circuit.registry.ModelRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import java.nio.file.Path;

/** The application's {@link TrainingRunner}, publishing into the registry and its directory. */
public class TrainingRunnerProducer {

    /** Progress messages per training stream: at most one every this many milliseconds (plus one per epoch). */
    static final long PROGRESS_INTERVAL_MS = 250;

    @Produces
    @ApplicationScoped
    TrainingRunner runner(ModelRegistry registry, CircuitConfig config, NoiseServiceClient noise) {
        return new TrainingRunner(registry, Path.of(config.modelsDir()), config.simulatorThreads(), PROGRESS_INTERVAL_MS,
                plan -> start -> TrainingPairMapping.batches(noise.trainingPairs(
                        plan.pairsRequest().toBuilder().setStartBatchIndex(start).build(), plan.requestId()),
                        plan.spec().dataDimension()));
    }
}
