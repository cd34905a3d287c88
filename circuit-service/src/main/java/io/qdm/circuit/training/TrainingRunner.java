package io.qdm.circuit.training;

import io.qdm.circuit.registry.ModelFile;
import io.qdm.circuit.registry.ModelRegistry;
import io.qdm.circuit.registry.RegisteredModel;
import io.qdm.simulator.model.Denoiser;
import io.qdm.simulator.train.LatentDiffusionPairs;
import io.qdm.simulator.train.ParameterInit;
import io.qdm.simulator.train.Trainer;
import io.qdm.simulator.train.TrainingPairSource;
import io.qdm.simulator.train.TrainingProgress;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs one training plan on the simulator and publishes the result as the next version of its model in the
 * registry (and as a model file in the registry directory). Progress is reported at most every
 * {@code progressIntervalMs} and at every epoch end; training stops after the current step when {@code cancelled}
 * turns true, and nothing is published then.
 */
public final class TrainingRunner {

    private final ModelRegistry registry;
    private final Function<TrainingPlan, StreamedPairs.Opener> pairStreams;
    private final Path modelsDir;
    private final int threads;
    private final long progressIntervalMs;
    private final java.util.concurrent.atomic.AtomicInteger active = new java.util.concurrent.atomic.AtomicInteger();

    /**
     * @param pairStreams opens noise-service's pair stream of a streamed plan at a batch index
     */
    public TrainingRunner(ModelRegistry registry, Path modelsDir, int threads, long progressIntervalMs,
                          Function<TrainingPlan, StreamedPairs.Opener> pairStreams) {
        this.pairStreams = pairStreams;
        this.registry = registry;
        this.modelsDir = modelsDir;
        this.threads = threads;
        this.progressIntervalMs = progressIntervalMs;
    }

    /** Training runs in progress on this replica. */
    public int activeRuns() {
        return active.get();
    }

    /** @return the published model, or null when cancelled */
    public RegisteredModel run(TrainingPlan plan, Consumer<TrainingProgress> progress, BooleanSupplier cancelled) {
        active.incrementAndGet();
        try {
            return train(plan, progress, cancelled);
        } finally {
            active.decrementAndGet();
        }
    }

    private RegisteredModel train(TrainingPlan plan, Consumer<TrainingProgress> progress, BooleanSupplier cancelled) {
        int classes = plan.spec().labelQubits() > 0 ? 10 : 0;
        TrainingPairSource pairs = plan.streamed()
                ? new StreamedPairs(pairStreams.apply(plan), plan.epochs(), plan.spec().timesteps(),
                        plan.pairsRequest().getTimesteps(0), plan.batchSize())
                : LatentDiffusionPairs.synthetic(plan.datasetSize(), plan.spec().dataQubits(), Math.max(classes, 1),
                        plan.schedule(), plan.batchSize(), plan.seed());
        double[] init = plan.initSigma() == 0
                ? ParameterInit.uniformAngles(plan.spec().parameterCount(), plan.seed())
                : ParameterInit.normal(plan.spec().parameterCount(), plan.initSigma(), plan.seed());
        try (Denoiser denoiser = new Denoiser(plan.spec(), Denoiser.DEFAULT_LANES, threads)) {
            Trainer trainer = new Trainer(denoiser, plan.config(), pairs, init);
            long[] lastReport = {0};
            int[] lastEpoch = {0};
            boolean finished = trainer.train(plan.epochs(), p -> {
                long now = System.currentTimeMillis();
                if (now - lastReport[0] >= progressIntervalMs || p.epoch() != lastEpoch[0]) {
                    lastReport[0] = now;
                    lastEpoch[0] = p.epoch();
                    progress.accept(p);
                }
                return !cancelled.getAsBoolean();
            });
            if (!finished) {
                return null;
            }
            return publish(plan, trainer.parameters(), trainer.lastLoss(), classes);
        }
    }

    private synchronized RegisteredModel publish(TrainingPlan plan, double[] parameters, double finalLoss, int classes) {
        String version = nextVersion(plan.modelName());
        Map<String, Object> schedule = new LinkedHashMap<>();
        schedule.put("kind", "linear");
        schedule.put("timesteps", plan.schedule().timesteps());
        schedule.put("beta_start", plan.schedule().beta0());
        schedule.put("beta_end", plan.schedule().betaT());
        schedule.put("form", "authors_code");
        Map<String, String> provenance = new LinkedHashMap<>();
        provenance.put("seed", Long.toString(plan.seed()));
        provenance.put("dataset", plan.dataset());
        provenance.put("dataset_size", Integer.toString(plan.datasetSize()));
        provenance.put("epochs", Integer.toString(plan.epochs()));
        provenance.put("batch_size", Integer.toString(plan.batchSize()));
        provenance.put("learning_rate", Double.toString(plan.config().learningRate().initialLr()));
        provenance.put("update_pattern", plan.config().pattern().name());
        provenance.put("request_id", plan.requestId());
        if (plan.streamed()) {
            provenance.put("pairs", "noise-service " + plan.pairsRequest().getPairKind() + ", dataset "
                    + plan.pairsRequest().getDataset().getName() + "/" + plan.pairsRequest().getDataset().getSplit()
                    + " limit " + plan.pairsRequest().getDataset().getLimit() + " subset_seed "
                    + plan.pairsRequest().getDataset().getSubsetSeed());
        }
        RegisteredModel unsaved = new RegisteredModel(plan.modelName(), version,
                classes > 0 ? "conditioned-latent" : "latent", plan.spec(), parameters, classes, schedule,
                plan.autoencoder(),
                28, Map.of("final_loss", finalLoss), provenance, System.currentTimeMillis(), "");
        byte[] bytes = ModelFile.toBytes(unsaved);
        Path file = modelsDir.resolve(plan.modelName() + "-" + version + ".json");
        try {
            java.nio.file.Files.createDirectories(modelsDir);
            // temp file + atomic rename: replicas following the shared directory never read a half-written model
            Path partial = modelsDir.resolve("." + file.getFileName() + ".partial");
            java.nio.file.Files.write(partial, bytes);
            java.nio.file.Files.move(partial, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the trained model to " + file, e);
        }
        RegisteredModel model = new RegisteredModel(unsaved.name(), unsaved.version(), unsaved.kind(), unsaved.spec(),
                parameters, classes, schedule, plan.autoencoder(), 28, unsaved.metrics(), provenance, unsaved.createdAtMs(),
                ModelFile.sha256(bytes));
        registry.register(model);
        return model;
    }

    private String nextVersion(String name) {
        return registry.find(name, "")
                .map(m -> m.version().chars().allMatch(Character::isDigit) ? Long.toString(Long.parseLong(m.version()) + 1)
                        : m.version() + "-1")
                .orElse("1");
    }
}
