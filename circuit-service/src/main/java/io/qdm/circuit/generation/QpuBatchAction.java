package io.qdm.circuit.generation;

import io.qdm.proto.common.v1.JobState;

/**
 * What circuit-service does with a status event of a QPU job that runs step t of a Kafka generation batch.
 */
public enum QpuBatchAction {
    /** Nothing yet: the job is queued or running and the generation job goes on. */
    WAIT,
    /** The generation job was cancelled while this QPU job is queued or running: cancel it (hardware time costs). */
    CANCEL_QPU_JOB,
    /** The QPU job failed or was cancelled: the batch fails. */
    FAIL_BATCH,
    /** The step completed but the generation job was cancelled: stop here, nothing goes downstream. */
    STOP_CANCELLED,
    /** Step t > 1 completed: submit step t − 1 on its result. */
    SUBMIT_NEXT_STEP,
    /** Step 1 completed: x_0 goes out to decoding. */
    EMIT_DENOISED;

    public static QpuBatchAction of(JobState qpuJob, boolean generationCancelled, int timestep) {
        return switch (qpuJob) {
            case JOB_STATE_COMPLETED -> generationCancelled ? STOP_CANCELLED
                    : timestep > 1 ? SUBMIT_NEXT_STEP : EMIT_DENOISED;
            // a QPU job cancelled because its generation job was is no failure worth an event
            case JOB_STATE_FAILED, JOB_STATE_CANCELLED -> generationCancelled ? STOP_CANCELLED : FAIL_BATCH;
            default -> generationCancelled ? CANCEL_QPU_JOB : WAIT;
        };
    }
}
