package io.qdm.circuit.jobs;

import io.qdm.circuit.config.CircuitConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** The replica's job table and idempotency keys. */
public class JobTableProducer {

    /** RequestMeta promises keys are retained for at least 24 hours. */
    static final long KEY_RETENTION_MS = 24L * 3600 * 1000;

    @Produces
    @ApplicationScoped
    JobTable jobTable(CircuitConfig config) {
        return new JobTable(config.jobTableSize());
    }

    @Produces
    @ApplicationScoped
    IdempotencyKeys idempotencyKeys(CircuitConfig config) {
        return new IdempotencyKeys(config.jobTableSize(), KEY_RETENTION_MS);
    }
}
