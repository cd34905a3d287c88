package io.qdm.eval.extractor;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code manifest.json} next to a feature extractor's weights: what it is, how it was made, and the SHA-256 the
 * loader checks. Only {@link #format}, {@link #id}, {@link #featureDim} and {@link #weights} are needed to load.
 *
 * @param id          extractor id used in requests and reports ({@code lenet-mnist}, {@code lenet-fashion-mnist})
 * @param version     immutable version of these weights
 * @param dataset     the dataset it was trained on ({@code mnist}, {@code fashion-mnist})
 * @param description one line for ListExtractors and reports
 */
public record ExtractorManifest(
        String format,
        String id,
        String version,
        String dataset,
        String description,
        int featureDim,
        int inputSize,
        Weights weights,
        Training training,
        Map<String, String> dataSha256,
        Metrics metrics,
        Runtime runtime,
        String regenerate) {

    public static final String FORMAT = "qdm-feature-extractor/1";
    public static final String FILE_NAME = "manifest.json";

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping()
            .serializeSpecialFloatingPointValues().create();

    public record Weights(String file, String modelName, String sha256, long bytes, long parameterCount) {
    }

    public record Training(int epochs, int batchSize, double learningRate, double lrDecayPerEpoch, long seed,
            int trainImages, double wallSeconds, double trainImagesPerSecond, String threads, List<Double> epochLoss) {
    }

    /** Accuracy of the weights on the dataset's test split (10,000 images), overall and per class 0..9. */
    public record Metrics(double testAccuracy, int testImages, List<Double> perClassAccuracy) {
    }

    public record Runtime(String djlVersion, String engine, String engineVersion, String javaVersion) {
    }

    public static ExtractorManifest read(Path file) throws IOException {
        ExtractorManifest m;
        try {
            m = GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8), ExtractorManifest.class);
        } catch (RuntimeException e) {
            throw new IOException(file + ": not a valid manifest (" + e.getMessage() + ")", e);
        }
        if (m == null || !FORMAT.equals(m.format()) || m.id() == null || m.weights() == null
                || m.weights().sha256() == null || m.featureDim() <= 0) {
            throw new IOException(file + ": not a " + FORMAT + " manifest (format, id, featureDim, weights.sha256 "
                    + "required)");
        }
        return m;
    }

    public void write(Path file) throws IOException {
        Files.writeString(file, GSON.toJson(this) + "\n", StandardCharsets.UTF_8);
    }
}
