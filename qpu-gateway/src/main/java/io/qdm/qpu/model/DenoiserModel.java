package io.qdm.qpu.model;

import io.qdm.simulator.model.DenoiserSpec;

/**
 * One registered denoiser version as qpu-gateway needs it.
 *
 * @param name       registry name
 * @param version    the exact version
 * @param spec       circuit layout
 * @param parameters flat parameter vector in the simulator's layout
 * @param sha256     lower-case hex SHA-256 of the model file's bytes
 */
public record DenoiserModel(String name, String version, DenoiserSpec spec, double[] parameters, String sha256) {
}
