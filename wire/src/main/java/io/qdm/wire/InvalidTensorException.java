package io.qdm.wire;

/**
 * A tensor on the wire does not match what the receiver needs. {@link #field()} is the request field path
 * (e.g. {@code "states"}); transport layers map this to {@code INVALID_ARGUMENT} naming the field, or to a
 * dead-letter record with the message as reason.
 */
public class InvalidTensorException extends IllegalArgumentException {

    private final String field;

    public InvalidTensorException(String field, String reason) {
        super(field + ": " + reason);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
