package io.qdm.qpu.service;

/** The request's model (or version) is not in the model directory. Maps to NOT_FOUND. */
public class UnknownModelException extends RuntimeException {
    public UnknownModelException(String name, String version, String dir) {
        super("model: no model '" + name + "'" + (version.isEmpty() ? "" : " version '" + version + "'") + " in " + dir);
    }
}
