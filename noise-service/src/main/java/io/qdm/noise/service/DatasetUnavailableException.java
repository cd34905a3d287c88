package io.qdm.noise.service;

/**
 * A dataset the request names is valid but cannot be read on this replica: a file is missing, corrupt or not
 * configured. The message names the file and the command or setting that fixes it; transports map it to
 * {@code FAILED_PRECONDITION} (gRPC) or a dead-letter reason (Kafka).
 */
public class DatasetUnavailableException extends RuntimeException {

    public DatasetUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public DatasetUnavailableException(String message) {
        super(message);
    }
}
