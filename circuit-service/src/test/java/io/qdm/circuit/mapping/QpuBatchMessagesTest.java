package io.qdm.circuit.mapping;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.qdm.proto.circuit.v1.QpuBatchContext;
import io.qdm.proto.common.v1.ErrorDetail;
import io.qdm.proto.common.v1.JobState;
import io.qdm.proto.common.v1.ModelRef;
import io.qdm.proto.generation.v1.Backend;
import io.qdm.proto.generation.v1.GenerationStatus;
import io.qdm.proto.generation.v1.StateBatch;
import io.qdm.proto.qpu.v1.ExecutionMode;
import io.qdm.proto.qpu.v1.QpuJob;
import io.qdm.proto.qpu.v1.SubmitQpuJobRequest;
import io.qdm.wire.Tensors;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QpuBatchMessagesTest {

    private static final double[][] ROWS = {{0.6, 0, 0, 0.8}, {0, 1, 0, 0}};

    private static StateBatch batch() {
        return StateBatch.newBuilder()
                .setJobId("job-1").setBatchIndex(3).setBatchesTotal(5)
                .setModel(ModelRef.newBuilder().setName("conditioned-latent").setVersion("2"))
                .setSeed(-7L).setFirstSampleIndex(96).addLabels(4).addLabels(9)
                .setStates(Tensors.complexRows(ROWS, 2))
                .setBackend(Backend.BACKEND_QPU_GATEWAY).setQpuProvider("shots").setQpuDevice("default")
                .setMetricsRunId("run-1")
                .build();
    }

    @Test
    void aStepRequestCarriesTheBatchsDrawsAndItsContextWithoutTheStates() throws Exception {
        SubmitQpuJobRequest r = QpuBatchMessages.stepRequest(batch(), ROWS, 2, 8);
        assertThat(r.getMeta().getIdempotencyKey()).isEqualTo("generation/job-1/batch-3/t8");
        assertThat(r.getProvider()).isEqualTo("shots");
        assertThat(r.getDevice()).isEqualTo("default");
        assertThat(r.getModel()).isEqualTo(batch().getModel());
        assertThat(r.getTimestep()).isEqualTo(8);
        assertThat(r.getSteps()).isEqualTo(1);
        assertThat(r.getMode()).isEqualTo(ExecutionMode.EXECUTION_MODE_STEP_BY_STEP);
        assertThat(r.getSeed()).isEqualTo(-7L);
        assertThat(r.getFirstSampleIndex()).isEqualTo(96);
        assertThat(r.getLabelsList()).containsExactly(4, 9);
        assertThat(Tensors.decodeComplexRows(r.getStates(), "states", 2)).isDeepEqualTo(ROWS);
        QpuBatchContext context = QpuBatchContext.parseFrom(r.getClientContext());
        assertThat(context.getTimestep()).isEqualTo(8);
        assertThat(context.getSamples()).isEqualTo(2);
        assertThat(context.getBatch().hasStates()).as("the states travel once, as the job's input").isFalse();
        assertThat(context.getBatch()).isEqualTo(batch().toBuilder().clearStates().build());
        // the next step of the same batch is another job; a redelivery of this one is the same job
        assertThat(QpuBatchMessages.stepRequest(batch(), ROWS, 2, 7).getMeta().getIdempotencyKey())
                .isEqualTo("generation/job-1/batch-3/t7");
        assertThat(QpuBatchMessages.stepRequest(batch(), ROWS, 2, 8)).isEqualTo(r);
    }

    @Test
    void theContextIsReadBackFromTheJobAndOtherJobsAreNotOurs() {
        SubmitQpuJobRequest r = QpuBatchMessages.stepRequest(batch(), ROWS, 2, 5);
        QpuJob ours = QpuJob.newBuilder().setJobId("qpu-1").setClientContext(r.getClientContext()).build();
        assertThat(QpuBatchMessages.context(ours)).hasValueSatisfying(c -> {
            assertThat(c.getTimestep()).isEqualTo(5);
            assertThat(c.getBatch().getJobId()).isEqualTo("job-1");
        });
        assertThat(QpuBatchMessages.context(QpuJob.newBuilder().setJobId("qpu-2").build())).isEmpty();
        assertThatThrownBy(() -> QpuBatchMessages.context(QpuJob.newBuilder().setJobId("qpu-3")
                .setClientContext(ByteString.copyFromUtf8("not a protobuf \u0000\u00ff")).build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("job.client_context: qpu job qpu-3 carries a context that is not a QpuBatchContext");
        QpuBatchContext noTimestep = QpuBatchContext.newBuilder().setBatch(batch()).setSamples(2).build();
        assertThatThrownBy(() -> QpuBatchMessages.context(QpuJob.newBuilder().setJobId("qpu-4")
                .setClientContext(noTimestep.toByteString()).build()))
                .hasMessage("job.client_context: qpu job qpu-4 carries no generation batch with samples ≥ 1 and timestep ≥ 1");
    }

    @Test
    void aFailedJobOrARefusedRequestFailsTheBatchWithTheGatewaysReasonAndField() {
        QpuJob failed = QpuJob.newBuilder().setJobId("qpu-9").setState(JobState.JOB_STATE_FAILED)
                .setError(ErrorDetail.newBuilder().setCode("FAILED_PRECONDITION").setField("shots")
                        .setMessage("step 0, row 1: no shot survived post-selection (10 shots); raise shots"))
                .build();
        GenerationStatus s = QpuBatchMessages.failed(batch(), failed, 42);
        assertThat(s.getJobId()).isEqualTo("job-1");
        assertThat(s.getState()).isEqualTo(JobState.JOB_STATE_FAILED);
        assertThat(s.getStage()).isEqualTo("qpu");
        assertThat(s.getBatchIndex()).isEqualTo(3);
        assertThat(s.getBatchesTotal()).isEqualTo(5);
        assertThat(s.getAtMs()).isEqualTo(42);
        assertThat(s.getError().getCode()).isEqualTo("FAILED_PRECONDITION");
        assertThat(s.getError().getField()).isEqualTo("shots");
        assertThat(s.getError().getMessage()).isEqualTo("qpu-gateway job qpu-9 ended JOB_STATE_FAILED: step 0, row 1:"
                + " no shot survived post-selection (10 shots); raise shots");
        GenerationStatus cancelled = QpuBatchMessages.failed(batch(), QpuJob.newBuilder().setJobId("qpu-8")
                .setState(JobState.JOB_STATE_CANCELLED).build(), 1);
        assertThat(cancelled.getError().getCode()).isEqualTo("UNAVAILABLE");
        assertThat(cancelled.getError().getMessage()).isEqualTo("qpu-gateway job qpu-8 ended JOB_STATE_CANCELLED");

        GenerationStatus refused = QpuBatchMessages.rejected(batch(), 8, Status.INVALID_ARGUMENT.withDescription(
                "provider: unknown provider \"annealer\"; available: [statevector, shots, noisy, ibm]")
                .asRuntimeException(), 7);
        assertThat(refused.getError().getCode()).isEqualTo("INVALID_ARGUMENT");
        assertThat(refused.getError().getField()).isEqualTo("provider");
        assertThat(refused.getError().getMessage()).isEqualTo("qpu-gateway refused step t=8: provider: unknown"
                + " provider \"annealer\"; available: [statevector, shots, noisy, ibm]");
        assertThat(refused.getStage()).isEqualTo("qpu");
        assertThat(refused.getBatchIndex()).isEqualTo(3);
    }
}
