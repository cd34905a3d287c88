package io.qdm.qpu.service;

/** ACCEPTED → RUNNING → (COMPLETED | FAILED | CANCELLED); terminal states never change (common JobState). */
public enum JobState {
    ACCEPTED, RUNNING, COMPLETED, FAILED, CANCELLED;

    public boolean terminal() {
        return this == COMPLETED || this == FAILED || this == CANCELLED;
    }
}
