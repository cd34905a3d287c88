package io.qdm.circuit.generation;

import io.qdm.proto.common.v1.JobState;
import org.junit.jupiter.api.Test;

import static io.qdm.circuit.generation.QpuBatchAction.CANCEL_QPU_JOB;
import static io.qdm.circuit.generation.QpuBatchAction.EMIT_DENOISED;
import static io.qdm.circuit.generation.QpuBatchAction.FAIL_BATCH;
import static io.qdm.circuit.generation.QpuBatchAction.STOP_CANCELLED;
import static io.qdm.circuit.generation.QpuBatchAction.SUBMIT_NEXT_STEP;
import static io.qdm.circuit.generation.QpuBatchAction.WAIT;
import static io.qdm.circuit.generation.QpuBatchAction.of;
import static org.assertj.core.api.Assertions.assertThat;

class QpuBatchActionTest {

    @Test
    void everyQpuJobStateWithAndWithoutACancelledGenerationJob() {
        // the generation job goes on
        assertThat(of(JobState.JOB_STATE_ACCEPTED, false, 8)).isEqualTo(WAIT);
        assertThat(of(JobState.JOB_STATE_RUNNING, false, 3)).isEqualTo(WAIT);
        assertThat(of(JobState.JOB_STATE_COMPLETED, false, 8)).isEqualTo(SUBMIT_NEXT_STEP);
        assertThat(of(JobState.JOB_STATE_COMPLETED, false, 2)).isEqualTo(SUBMIT_NEXT_STEP);
        assertThat(of(JobState.JOB_STATE_COMPLETED, false, 1)).isEqualTo(EMIT_DENOISED);
        assertThat(of(JobState.JOB_STATE_FAILED, false, 5)).isEqualTo(FAIL_BATCH);
        assertThat(of(JobState.JOB_STATE_CANCELLED, false, 5)).as("cancelled by someone else").isEqualTo(FAIL_BATCH);
        // the generation job was cancelled: queued or running hardware work is cancelled, nothing goes downstream
        assertThat(of(JobState.JOB_STATE_ACCEPTED, true, 8)).isEqualTo(CANCEL_QPU_JOB);
        assertThat(of(JobState.JOB_STATE_RUNNING, true, 1)).isEqualTo(CANCEL_QPU_JOB);
        assertThat(of(JobState.JOB_STATE_COMPLETED, true, 4)).isEqualTo(STOP_CANCELLED);
        assertThat(of(JobState.JOB_STATE_COMPLETED, true, 1)).isEqualTo(STOP_CANCELLED);
        assertThat(of(JobState.JOB_STATE_CANCELLED, true, 4)).isEqualTo(STOP_CANCELLED);
        assertThat(of(JobState.JOB_STATE_FAILED, true, 4)).isEqualTo(STOP_CANCELLED);
    }
}
