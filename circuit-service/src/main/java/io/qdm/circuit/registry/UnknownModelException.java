package io.qdm.circuit.registry;

import java.util.List;

/** A request named a model (or version) this replica does not have. Maps to NOT_FOUND / a dead letter. */
public class UnknownModelException extends IllegalArgumentException {

    public UnknownModelException(String name, String version, List<String> known) {
        super("model: unknown model " + name + (version == null || version.isEmpty() ? "" : "/" + version)
                + "; registered models: " + (known.isEmpty() ? "none" : String.join(", ", known)));
    }
}
