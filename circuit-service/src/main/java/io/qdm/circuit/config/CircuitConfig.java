package io.qdm.circuit.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** circuit-service settings (prefix {@code qdm.circuit}). */
@ConfigMapping(prefix = "qdm.circuit")
public interface CircuitConfig {

    /** Directory of registry model files ({@code *.json}, format qdm-model/1) loaded at startup. Env: QDM_CIRCUIT_MODELS_DIR. */
    @WithDefault("models")
    String modelsDir();

    /**
     * How often (at most) the registry looks at the models directory again when asked for an unknown model or
     * version, or for a model's latest version: versions published by another replica appear without a restart.
     */
    @WithDefault("2")
    int modelsRescanSeconds();

    /** Worker threads the simulator may use per batch (results never depend on it). */
    @WithDefault("2")
    int simulatorThreads();

    /** Largest batch one Denoise call or pipeline record may carry. */
    @WithDefault("4096")
    int maxBatch();

    /** Deadline of each call to noise-service or latent-service. */
    @WithDefault("60")
    int peerTimeoutSeconds();

    /** Largest count a synchronous Generate / GenerateStream may ask for; larger jobs go through SubmitGeneration. */
    @WithDefault("4096")
    int maxSyncCount();

    /** Generation jobs this replica keeps in its job table (oldest finished jobs are dropped first). */
    @WithDefault("10000")
    int jobTableSize();

    /**
     * Samples of synchronous generations (Generate, GenerateStream) this replica holds at once; a call that would
     * exceed it is refused at once with RESOURCE_EXHAUSTED, so load never queues unbounded work or memory (clients
     * back off and retry). Must be at least {@link #maxSyncCount()}.
     */
    @WithDefault("16384")
    int maxInflightSamples();
}
