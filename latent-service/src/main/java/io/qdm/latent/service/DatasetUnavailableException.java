package io.qdm.latent.service;

/** The verified dataset files a request needs are not in the data directory (a deployment problem, not bad input). */
public class DatasetUnavailableException extends IllegalStateException {

    public DatasetUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
