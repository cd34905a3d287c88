package io.qdm.circuit.registry;

import io.qdm.simulator.model.DenoiserSpec;

import java.util.Map;

/**
 * One immutable version of a trained denoiser: its circuit ({@link DenoiserSpec}), the flat parameter vector in the
 * simulator's layout, and the metadata a client needs to use it.
 *
 * @param classes     labels a conditioned model accepts (10 digits); 0 for an unconditioned model
 * @param schedule    the forward process it was trained against (kind, T, betas, noise form, field)
 * @param autoencoder "name:version" of the decoder of a latent model, or "" for a pixel-space model
 * @param imageSize   side of the decoded images
 * @param sha256      SHA-256 of the model file it was loaded from
 */
public record RegisteredModel(String name, String version, String kind, DenoiserSpec spec, double[] parameters,
                              int classes, Map<String, Object> schedule, String autoencoder, int imageSize,
                              Map<String, Double> metrics, Map<String, String> provenance, long createdAtMs,
                              String sha256) {

    public RegisteredModel {
        if (parameters.length != spec.parameterCount()) {
            throw new IllegalArgumentException("model " + name + "/" + version + ": " + parameters.length
                    + " parameters, its circuit needs " + spec.parameterCount());
        }
    }

    public String ref() {
        return name + ":" + version;
    }
}
