package io.qdm.qpu.service;

/** proto ExecutionMode. */
public enum ExecutionMode {
    /** One circuit per reverse step: prepare, run, measure, estimate moduli √(counts/shots), re-prepare (phases lost). */
    STEP_BY_STEP,
    /** All steps in one circuit, fresh ancilla (and label register) per step, post-selection deferred to the end. */
    WHOLE_CHAIN
}
