package io.qdm.qpu.provider;

/**
 * A provider could not deliver results. {@code code} is the gRPC status name the job's ErrorDetail carries
 * (UNAVAILABLE, ABORTED, DATA_LOSS, UNAUTHENTICATED, RESOURCE_EXHAUSTED, INVALID_ARGUMENT). Messages never
 * contain credentials.
 */
public class ProviderException extends RuntimeException {
    private final String code;

    public ProviderException(String code, String message) {
        super(message);
        this.code = code;
    }

    public ProviderException(String code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
