package io.qdm.datasets;

/**
 * A file on disk is not what it must be (not IDX, truncated, wrong shape, wrong checksum, missing). The message
 * always names the file and, where there is one, the command that fixes it. This is a server-side condition
 * (the cache is broken), not a bad request, so it is deliberately not an {@link IllegalArgumentException}.
 */
public class DatasetFormatException extends RuntimeException {
    public DatasetFormatException(String message) {
        super(message);
    }

    public DatasetFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
