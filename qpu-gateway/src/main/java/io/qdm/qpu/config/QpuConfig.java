package io.qdm.qpu.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** qpu-gateway settings (prefix {@code qdm.qpu}); every key can be set by env var, e.g. {@code QDM_QPU_MODELS_DIR}. */
@ConfigMapping(prefix = "qdm.qpu")
public interface QpuConfig {

    /** The model registry directory shared with circuit-service ({@code qdm-model/1} JSON files). */
    @WithDefault("models")
    String modelsDir();

    /** Where each job is persisted: {@code <id>.json} plus {@code <id>/step-S-sample-B.qasm} (the ISA circuits). */
    @WithDefault("qpu-jobs")
    String jobsDir();

    /** Providers this replica offers, in ListBackends order. */
    @WithDefault("statevector,shots,noisy,ibm")
    List<String> providers();

    /** The provider used when a request leaves {@code provider} empty. */
    @WithDefault("statevector")
    String defaultProvider();

    /** Threads that run emulator circuits (CPU-bound; gRPC and Kafka threads never run them). */
    @WithDefault("1")
    int workerThreads();

    /** Upper bounds on one request. */
    Limits limits();

    /** The local emulators. */
    Emulators emulators();

    /** IBM Quantum Platform. */
    Ibm ibm();

    interface Limits {
        /** Rows of {@code states}. */
        @WithDefault("1024")
        int maxBatch();

        /** Shots per circuit. */
        @WithDefault("1000000")
        int maxShots();

        /** Shots used when a request leaves {@code shots} at 0. */
        @WithDefault("4096")
        int defaultShots();
    }

    interface Emulators {
        /** Qubits of the statevector and shots providers' all-to-all "default" device. */
        @WithDefault("20")
        int maxQubits();

        /** Qubits of the noisy provider's device (a density matrix needs 4^n entries). */
        @WithDefault("10")
        int noisyMaxQubits();
    }

    interface Ibm {
        /** Base URL of the Qiskit Runtime REST API (EU: https://eu-de.quantum.cloud.ibm.com/api/v1). */
        @WithDefault("https://quantum.cloud.ibm.com/api/v1")
        String baseUrl();

        /** IBM Cloud IAM token endpoint (API key → bearer token). */
        @WithDefault("https://iam.cloud.ibm.com/identity/token")
        String iamUrl();

        /** The pinned, dated {@code IBM-API-Version} header. */
        @WithDefault("2025-05-01")
        String apiVersion();

        /** The instance CRN ({@code Service-CRN} header); env {@code QDM_QPU_IBM_SERVICE_CRN}. */
        Optional<String> serviceCrn();

        /**
         * A file holding the API key (a mounted Kubernetes Secret). When unset, the key comes from the environment
         * variable {@code QDM_IBM_API_KEY}. Never from a properties file.
         */
        Optional<String> apiKeyFile();

        /** Devices offered, e.g. ibm_torino,ibm_kingston. */
        @WithDefault("ibm_torino")
        List<String> devices();

        /** Interval between {@code GET /jobs/{id}} polls. */
        @WithDefault("5s")
        Duration pollInterval();

        /** Job creations allowed per sliding minute (IBM: 5 per user). */
        @WithDefault("5")
        int jobsPerMinute();

        /** Attempts per REST call on 429/5xx/connection errors (1 = no retry). */
        @WithDefault("4")
        int maxAttempts();

        /** First back-off; doubles per attempt; a Retry-After header wins when longer. */
        @WithDefault("1s")
        Duration backoff();

        /** Consecutive failed calls that open the circuit breaker. */
        @WithDefault("5")
        int breakerFailureThreshold();

        /** How long an open breaker fails calls at once before letting one trial call through. */
        @WithDefault("60s")
        Duration breakerOpenDuration();

        /** A cached IAM token is refreshed when it expires within this margin. */
        @WithDefault("300s")
        Duration tokenRefreshMargin();

        /** Timeout of one HTTP request. */
        @WithDefault("30s")
        Duration requestTimeout();

        /** How long a fetched backend configuration is reused. */
        @WithDefault("15m")
        Duration configurationTtl();
    }
}
