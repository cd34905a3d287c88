package io.qdm.circuit.mapping;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.StatusRuntimeException;
import io.qdm.circuit.clients.QpuGatewayClient;
import io.qdm.proto.circuit.v1.QpuBatchContext;
import io.qdm.proto.common.v1.ErrorDetail;
import io.qdm.proto.common.v1.JobState;
import io.qdm.proto.generation.v1.GenerationStatus;
import io.qdm.proto.generation.v1.StateBatch;
import io.qdm.proto.qpu.v1.QpuJob;
import io.qdm.proto.qpu.v1.SubmitQpuJobRequest;
import io.qdm.wire.GrpcStatuses;

import java.util.Optional;

/**
 * A Kafka generation batch on qpu-gateway, as messages: one QPU job per reverse step, the batch and its timestep
 * riding along as the job's client context ({@link QpuBatchContext}), so circuit-service keeps no state between
 * a step's submission and its {@code qdm.qpu.job-status} event, and any replica (or a restarted one) continues it.
 */
public final class QpuBatchMessages {

    /** Stage name of the batch events this path publishes on {@code qdm.generation.status}. */
    public static final String STAGE = "qpu";

    private QpuBatchMessages() {
    }

    /**
     * The job of reverse step t of a batch whose rows are x_t. The idempotency key names job, batch and step, so a
     * redelivered record (or status event) submits nothing new: qpu-gateway returns the job it already has.
     */
    public static SubmitQpuJobRequest stepRequest(StateBatch batch, double[][] rows, int dimension, int t) {
        String key = "generation/" + batch.getJobId() + "/batch-" + batch.getBatchIndex() + "/t" + t;
        QpuBatchContext context = QpuBatchContext.newBuilder()
                .setBatch(batch.toBuilder().clearStates())
                .setTimestep(t)
                .setSamples(rows.length)
                .build();
        return QpuGatewayClient.stepRequest(batch.getQpuProvider(), batch.getQpuDevice(), key, key, batch.getModel(),
                rows, dimension, GenerationMessages.labels(batch), t, 1, batch.getSeed(), batch.getFirstSampleIndex(), context.toByteString());
    }

    /**
     * The context of a job this path submitted, or empty for any other job (gRPC Generate, direct clients).
     *
     * @throws IllegalArgumentException a context that does not parse (the record goes to the dead-letter topic)
     */
    public static Optional<QpuBatchContext> context(QpuJob job) {
        ByteString bytes = job.getClientContext();
        if (bytes.isEmpty()) {
            return Optional.empty();
        }
        try {
            QpuBatchContext context = QpuBatchContext.parseFrom(bytes);
            if (!context.hasBatch() || context.getBatch().getJobId().isEmpty() || context.getTimestep() < 1
                    || context.getSamples() < 1) {
                throw new IllegalArgumentException("job.client_context: qpu job " + job.getJobId()
                        + " carries no generation batch with samples ≥ 1 and timestep ≥ 1");
            }
            return Optional.of(context);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("job.client_context: qpu job " + job.getJobId()
                    + " carries a context that is not a QpuBatchContext: " + e.getMessage(), e);
        }
    }

    /**
     * qpu-gateway refused a step's job (bad provider or device, too many qubits, …): a FAILED batch event with the
     * gateway's code, its message and the field it names.
     */
    public static GenerationStatus rejected(StateBatch batch, int t, StatusRuntimeException refusal, long nowMs) {
        String message = refusal.getStatus().getDescription() == null ? refusal.getStatus().getCode().name()
                : refusal.getStatus().getDescription();
        return batchFailed(batch, ErrorDetail.newBuilder().setCode(refusal.getStatus().getCode().name())
                .setField(GrpcStatuses.fieldOf(message))
                .setMessage("qpu-gateway refused step t=" + t + ": " + message).build(), nowMs);
    }

    /** The batch failed on qpu-gateway: a FAILED batch event with the gateway's code, field and message. */
    public static GenerationStatus failed(StateBatch batch, QpuJob job, long nowMs) {
        ErrorDetail gateway = job.getError();
        return batchFailed(batch, gateway.toBuilder()
                .setCode(gateway.getCode().isEmpty() ? "UNAVAILABLE" : gateway.getCode())
                .setMessage("qpu-gateway job " + job.getJobId() + " ended " + job.getState()
                        + (gateway.getMessage().isEmpty() ? "" : ": " + gateway.getMessage())).build(), nowMs);
    }

    private static GenerationStatus batchFailed(StateBatch batch, ErrorDetail error, long nowMs) {
        return GenerationStatus.newBuilder()
                .setJobId(batch.getJobId())
                .setState(JobState.JOB_STATE_FAILED)
                .setStage(STAGE)
                .setBatchIndex(batch.getBatchIndex())
                .setBatchesTotal(batch.getBatchesTotal())
                .setError(error)
                .setAtMs(nowMs)
                .build();
    }
}
