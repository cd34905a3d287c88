package io.qdm.latent.model;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code manifest.json} next to shipped weights: how they were made and the SHA-256 the loader checks.
 *
 * <p>Only {@link #format}, {@link #latentDim} and {@link #weights} are needed to load; the rest is provenance
 * (written by the training main, read by people and by the model-info RPC).
 */
public record ModelManifest(
        String format,
        int latentDim,
        Weights weights,
        Training training,
        Map<String, String> dataSha256,
        Metrics metrics,
        Runtime runtime) {

    /** The only format this code reads. */
    public static final String FORMAT = "qdm-autoencoder/2";
    public static final String FILE_NAME = "manifest.json";

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping()
            .serializeSpecialFloatingPointValues().create();

    /**
     * @param file      params file name in the same directory (DJL {@code Model.save} layout {@code <name>-0000.params})
     * @param modelName the name given to {@code Model.save}/{@code load}
     */
    public record Weights(String file, String modelName, String sha256, long bytes, long parameterCount) {
    }

    public record Training(int epochsRequested, int epochsCompleted, int bestEpoch, int batchSize,
            double learningRate, int stepLrEpochs, double stepLrGamma, double huberDelta, long seed,
            int limit, int trainImages, int validationImages, double validationFraction, double wallSeconds,
            double trainImagesPerSecond, String threads) {
    }

    /** Metrics of the best checkpoint on the validation split; per-digit MSE indexed by label 0..9. */
    public record Metrics(double validationMse, double validationHuber, List<Double> perDigitMse,
            List<Integer> perDigitCount) {
    }

    public record Runtime(String djlVersion, String engine, String engineVersion, String javaVersion) {
    }

    public AutoencoderConfig config() {
        return new AutoencoderConfig(latentDim);
    }

    public static ModelManifest read(Path file) throws IOException {
        ModelManifest m;
        try {
            m = GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8), ModelManifest.class);
        } catch (RuntimeException e) {
            throw new IOException(file + ": not a valid manifest (" + e.getMessage() + ")", e);
        }
        if (m == null || !FORMAT.equals(m.format()) || m.weights() == null || m.weights().sha256() == null) {
            throw new IOException(file + ": not a " + FORMAT + " manifest (format, weights.sha256 required)");
        }
        return m;
    }

    public void write(Path file) throws IOException {
        Files.writeString(file, toJson() + "\n", StandardCharsets.UTF_8);
    }

    public String toJson() {
        return GSON.toJson(this);
    }
}
