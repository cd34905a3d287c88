package io.qdm.latent.service;

import ai.djl.engine.Engine;
import io.qdm.latent.config.LatentServiceConfig;
import io.qdm.latent.model.AutoencoderConfig;
import io.qdm.latent.model.AutoencoderModel;
import io.qdm.latent.model.ModelManifest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Encoding and decoding with the served autoencoder, for gRPC and Kafka alike. Callers name the autoencoder they
 * expect; an unknown name or version is rejected with an {@link IllegalArgumentException} naming the field, as is
 * every invalid batch (the model validates the whole batch before computing, so nothing partially succeeds).
 * Thread-safe: the model supports concurrent inference.
 */
@ApplicationScoped
public class LatentCodec {

    @Inject
    AutoencoderModel model;

    @Inject
    LatentServiceConfig config;

    /** The served autoencoder. */
    public AutoencoderRef served() {
        return new AutoencoderRef(config.autoencoderName(), config.autoencoderVersion());
    }

    /**
     * Resolves a requested autoencoder: empty name or version = the served one.
     *
     * @param field the request field holding the reference, for error messages (e.g. {@code "autoencoder"})
     */
    public AutoencoderRef resolve(String field, String name, String version) {
        AutoencoderRef served = served();
        if (!name.isEmpty() && !name.equals(served.name())) {
            throw new IllegalArgumentException(field + ".name: unknown autoencoder '" + name + "'; this service serves '"
                    + served.name() + "'");
        }
        if (!version.isEmpty() && !version.equals(served.version())) {
            throw new IllegalArgumentException(field + ".version: unknown version '" + version + "' of '"
                    + served.name() + "'; this service serves version '" + served.version() + "'");
        }
        return served;
    }

    public int latentDim() {
        return model.latentDim();
    }

    /** Images {@code [B][784]} in [0, 1] → unit-norm, non-negative latents {@code [B][d]}. */
    public double[][] encode(double[][] images) {
        return model.encode(images);
    }

    /** Real latents {@code [B][d]} → images {@code [B][784]} in [0, 1]. */
    public double[][] decode(double[][] latents) {
        return model.decode(latents);
    }

    /** Complex amplitudes (real and imaginary parts, {@code [B][d]} each) → images of their moduli. */
    public double[][] decodeAmplitudes(double[][] real, double[][] imag) {
        return model.decodeAmplitudes(real, imag);
    }

    public AutoencoderDescription describe() {
        ModelManifest m = model.manifest();
        Map<String, Double> metrics = new LinkedHashMap<>();
        Map<String, String> provenance = new LinkedHashMap<>();
        if (m.metrics() != null) {
            metrics.put("validation_mse", m.metrics().validationMse());
            metrics.put("validation_huber", m.metrics().validationHuber());
            List<Double> perDigit = m.metrics().perDigitMse();
            for (int digit = 0; perDigit != null && digit < perDigit.size(); digit++) {
                metrics.put("validation_mse_digit_" + digit, perDigit.get(digit));
            }
        }
        provenance.put("format", m.format());
        if (m.training() != null) {
            ModelManifest.Training t = m.training();
            provenance.put("seed", Long.toString(t.seed()));
            provenance.put("epochs", Integer.toString(t.epochsCompleted()));
            provenance.put("best_epoch", Integer.toString(t.bestEpoch()));
            provenance.put("batch_size", Integer.toString(t.batchSize()));
            provenance.put("learning_rate", Double.toString(t.learningRate()));
            provenance.put("step_lr_epochs", Integer.toString(t.stepLrEpochs()));
            provenance.put("step_lr_gamma", Double.toString(t.stepLrGamma()));
            provenance.put("huber_delta", Double.toString(t.huberDelta()));
            provenance.put("train_images", Integer.toString(t.trainImages()));
            provenance.put("validation_images", Integer.toString(t.validationImages()));
            provenance.put("threads", String.valueOf(t.threads()));
        }
        if (m.dataSha256() != null) {
            m.dataSha256().forEach((file, sha) -> provenance.put("data_sha256." + file, sha));
        }
        if (m.runtime() != null) {
            provenance.put("trained_with", "djl-" + m.runtime().djlVersion() + "/" + m.runtime().engine() + "-"
                    + m.runtime().engineVersion() + ", java " + m.runtime().javaVersion());
        }
        provenance.put("parameter_count", Long.toString(m.weights().parameterCount()));
        return new AutoencoderDescription(served(), model.latentDim(), AutoencoderConfig.IMAGE_SIDE,
                AutoencoderConfig.IMAGE_SIDE, m.weights().sha256(), engine(), metrics, provenance);
    }

    /** The engine actually running the model, e.g. {@code djl-0.36.0/pytorch-2.7.1-cpu}. */
    static String engine() {
        Engine engine = Engine.getInstance();
        return "djl-" + Engine.getDjlVersion() + "/" + engine.getEngineName().toLowerCase() + "-" + engine.getVersion()
                + "-cpu";
    }
}
