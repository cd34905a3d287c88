package io.qdm.noise.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Optional;

/** noise-service settings (prefix {@code qdm.noise}); every key can be set by env var, e.g. {@code QDM_NOISE_DATA_DIR}. */
@ConfigMapping(prefix = "qdm.noise")
public interface NoiseConfig {

    /**
     * The dataset cache directory holding {@code mnist/} and {@code fashion-mnist/} IDX files, as written by
     * {@code ./qdm data fetch --dir DIR}. Empty: {@code $QDM_DATA_DIR}, else {@code <repo>/.qdm/data}
     * ({@code io.qdm.datasets.DataDirectory#resolveDefault}). The service never downloads.
     */
    Optional<String> dataDir();

    /** The latent dataset (DatasetSpec name "latent"): 8-dim autoencoder latents written by latent-service. */
    Latent latent();

    /** Bounds on the work and memory one request may ask for. */
    Limits limits();

    interface Latent {
        /** Path of the vectors file: count × dimension float64 little-endian, row-major. Unset: no latent dataset. */
        Optional<String> vectorsPath();

        /** Path of the labels file (count unsigned bytes); unset: labels are -1. */
        Optional<String> labelsPath();

        /** Lower-case hex SHA-256 of the vectors file; the file is refused when it differs. Unset: not checked. */
        Optional<String> sha256();

        /** Length of one latent vector (the authors' autoencoder: 8). */
        @WithDefault("8")
        int dimension();
    }

    interface Limits {
        /** Largest number of amplitudes (rows × dimension) one Noise or InitialNoise call may carry (2^22 ≈ 64 MiB of complex128). */
        @WithDefault("4194304")
        long maxAmplitudesPerCall();

        /** Largest state dimension accepted by Noise (2^12 = 12 data qubits). */
        @WithDefault("4096")
        int maxStateDimension();

        /** Largest batch_size of a training-pair request (the authors use 64). */
        @WithDefault("4096")
        int maxPairBatchSize();

        /**
         * Largest number of encoded amplitudes (samples × dimension) one dataset may occupy in memory; a 28×28 request
         * over all 70,000 MNIST images (55M) must set dataset.limit instead.
         */
        @WithDefault("33554432")
        long maxDatasetAmplitudes();

        /** How many preprocessed datasets are kept in memory for reuse by later requests. */
        @WithDefault("4")
        int cachedDatasets();

        /**
         * Largest number of batches one Kafka pair request may produce. It bounds the time the request record stays
         * unacknowledged (SmallRye's throttled commit marks the consumer unhealthy after 60 s); longer runs are split
         * by the requester into several requests with start_batch_index and batch counts.
         */
        @WithDefault("512")
        long kafkaMaxBatchesPerRequest();

        /** Largest number of amplitudes (batches × batch_size × dimension) one Kafka pair request may produce. */
        @WithDefault("8388608")
        long kafkaMaxAmplitudesPerRequest();

        /**
         * Largest TrainingPairBatch record (bytes) a Kafka pair request may produce: inputs and targets are
         * batch_size × dimension complex128 each (32 bytes per pair and amplitude). Kafka's default broker and producer
         * limit is 1 MB (message.max.bytes / max.request.size); raise all three together.
         */
        @WithDefault("1000000")
        long kafkaMaxRecordBytes();

        /** How many produced batches may await the broker's acknowledgement at once. */
        @WithDefault("32")
        int kafkaSendWindow();
    }
}
