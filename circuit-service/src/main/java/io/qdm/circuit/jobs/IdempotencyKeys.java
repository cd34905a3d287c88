package io.qdm.circuit.jobs;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Idempotency keys seen by this replica: the same key with an identical request returns the original job, the same
 * key with a different request is refused. Keys are kept for {@code retentionMs} (24 h by default, as
 * {@code RequestMeta} promises) and at most {@code capacity} of them. Thread-safe.
 */
public final class IdempotencyKeys {

    private record Claim(String fingerprint, String jobId, long atMs) {
    }

    private final int capacity;
    private final long retentionMs;
    private final Map<String, Claim> claims = new LinkedHashMap<>();

    public IdempotencyKeys(int capacity, long retentionMs) {
        this.capacity = capacity;
        this.retentionMs = retentionMs;
    }

    /**
     * @return true when the key is new (the caller starts the job), false when it names an identical earlier request
     * @throws KeyReusedException when the key was used for a different request
     */
    public synchronized boolean claim(String key, String fingerprint, String jobId, long nowMs) {
        claims.values().removeIf(c -> nowMs - c.atMs() > retentionMs);
        Claim earlier = claims.get(key);
        if (earlier != null) {
            if (!earlier.fingerprint().equals(fingerprint)) {
                throw new KeyReusedException("meta.idempotency_key: '" + key + "' was already used for a different"
                        + " request (job " + earlier.jobId() + ")");
            }
            return false;
        }
        claims.put(key, new Claim(fingerprint, jobId, nowMs));
        while (claims.size() > capacity) {
            claims.remove(claims.keySet().iterator().next());
        }
        return true;
    }

    /** Forgets a key whose job could not be published, so that a retry starts it again. */
    public synchronized void release(String key) {
        claims.remove(key);
    }

    /** A key reused with a different request (gRPC ALREADY_EXISTS). */
    public static final class KeyReusedException extends RuntimeException {
        public KeyReusedException(String message) {
            super(message);
        }
    }
}
