package io.qdm.latent.training;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import io.qdm.latent.model.AutoencoderModel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A resumable training checkpoint: a directory with the parameters ({@code autoencoder-0000.params}, DJL
 * {@code Model.save} layout, BatchNorm running statistics included) and {@code state.json} (this record).
 *
 * <p>Optimizer-independent: Adam's moment estimates are not saved, so a resumed run restarts them from zero (one
 * warm-up transient); the epoch counter drives the StepLR rate and the per-epoch shuffle, which therefore continue
 * exactly.
 *
 * @param epochsCompleted epochs finished when this checkpoint was written
 * @param bestEpoch       1-based epoch of the best validation Huber loss so far (0 if none)
 * @param bestValidationHuber that loss
 * @param trainSeconds    wall seconds spent in training batches so far, summed over resumed runs
 * @param trainImages     training images processed so far, summed over resumed runs
 * @param wallSeconds     wall seconds of the training loops so far (validation and checkpointing included)
 * @param config          the run's configuration (a resume must use the same latent size, seed and data limit)
 */
public record TrainingCheckpoint(int epochsCompleted, int bestEpoch, double bestValidationHuber,
        double trainSeconds, long trainImages, double wallSeconds, TrainingConfig config) {

    public static final String STATE_FILE = "state.json";
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues()
            .create();

    /** Writes parameters and state into {@code dir}, replacing what was there. */
    public void write(AutoencoderModel model, Path dir) throws IOException {
        Files.createDirectories(dir);
        model.saveWeights(dir);
        Path tmp = dir.resolve(STATE_FILE + ".tmp");
        Files.writeString(tmp, GSON.toJson(this) + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, dir.resolve(STATE_FILE), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** The state in {@code dir}, or null if there is no checkpoint there. */
    public static TrainingCheckpoint read(Path dir) throws IOException {
        Path state = dir.resolve(STATE_FILE);
        if (!Files.isRegularFile(state) || !Files.isRegularFile(dir.resolve(AutoencoderModel.weightsFileName()))) {
            return null;
        }
        try {
            return GSON.fromJson(Files.readString(state, StandardCharsets.UTF_8), TrainingCheckpoint.class);
        } catch (RuntimeException e) {
            throw new IOException(state + ": not a valid checkpoint state (" + e.getMessage() + ")", e);
        }
    }

    /** Throws unless {@code next} can continue this checkpoint (same model shape, split and batch size). */
    public void requireCompatible(TrainingConfig next, Path dir) {
        TrainingConfig c = config;
        if (c.latentDim() != next.latentDim() || c.seed() != next.seed() || c.limit() != next.limit()
                || c.batchSize() != next.batchSize()
                || Double.compare(c.validationFraction(), next.validationFraction()) != 0) {
            throw new IllegalArgumentException("resume: checkpoint " + dir + " was made with latentDim="
                    + c.latentDim() + " seed=" + c.seed() + " limit=" + c.limit() + " batchSize=" + c.batchSize()
                    + " validationFraction=" + c.validationFraction() + "; this run asks for latentDim="
                    + next.latentDim() + " seed=" + next.seed() + " limit=" + next.limit() + " batchSize="
                    + next.batchSize() + " validationFraction=" + next.validationFraction());
        }
    }
}
