package io.qdm.qpu.service;

/** The idempotency key was used before with a different request. Maps to ALREADY_EXISTS. */
public class IdempotencyConflictException extends RuntimeException {
    public IdempotencyConflictException(String key, String jobId) {
        super("meta.idempotency_key: '" + key + "' was used for a different request (job " + jobId + ")");
    }
}
