package io.qdm.circuit.generation;

/** The caller cancelled the generation or its deadline passed; the message says which and at which step. */
public final class GenerationStoppedException extends RuntimeException {

    public GenerationStoppedException(String message) {
        super(message);
    }
}
