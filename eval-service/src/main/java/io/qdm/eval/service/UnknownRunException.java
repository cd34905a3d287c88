package io.qdm.eval.service;

import java.util.List;

/** A request named a run this replica has no samples for (→ NOT_FOUND on {@code run_id}). */
public final class UnknownRunException extends RuntimeException {

    public UnknownRunException(String runId, List<String> known) {
        super("run_id: unknown run '" + runId + "'; known runs: " + (known.isEmpty() ? "none"
                : String.join(", ", known)));
    }
}
