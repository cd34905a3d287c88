package io.qdm.cli.kafka;

/** The broker could not be started or stopped; the message is meant for the user and may span several lines. */
public final class BrokerException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public BrokerException(String message) {
        super(message);
    }

    public BrokerException(String message, Throwable cause) {
        super(message, cause);
    }
}
