package io.qdm.circuit.jobs;

import io.qdm.proto.generation.v1.GenerateRequest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;

/**
 * Job ids. With an idempotency key the id is a hash of the key, so a retried submission — to this replica or any
 * other — names the same job, and the pipeline's determinism makes its batches byte-identical; without a key every
 * submission is a new job.
 */
public final class JobIds {

    private JobIds() {
    }

    public static String forRequest(GenerateRequest request) {
        String key = request.getMeta().getIdempotencyKey();
        return key.isEmpty() ? "job-" + UUID.randomUUID() : "job-" + sha256("idempotency-key:" + key).substring(0, 32);
    }

    /** What must be identical for a retry with the same key: the request without its request id. */
    public static String fingerprint(GenerateRequest request) {
        GenerateRequest withoutMeta = request.toBuilder().clearMeta().build();
        return sha256Bytes(withoutMeta.toByteArray());
    }

    private static String sha256(String text) {
        return sha256Bytes(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String sha256Bytes(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
