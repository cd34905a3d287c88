package io.qdm.circuit.messaging;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.qdm.circuit.clients.QpuGatewayClient;
import io.qdm.circuit.mapping.QpuBatchMessages;
import io.qdm.proto.generation.v1.GenerationStatus;
import io.qdm.proto.generation.v1.StateBatch;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;

import java.util.Set;

/**
 * Submits step t of a Kafka batch to qpu-gateway, for the two processors that do. A request the gateway refuses
 * (INVALID_ARGUMENT, NOT_FOUND, FAILED_PRECONDITION, ALREADY_EXISTS) fails the batch with the gateway's reason on
 * {@code qdm.generation.status} and then fails the record, which lands on the dead-letter topic. Any other error
 * (the gateway is down) fails the record after the client's retries.
 */
final class QpuBatchSubmission {

    private static final Set<Status.Code> REFUSALS = Set.of(Status.Code.INVALID_ARGUMENT, Status.Code.NOT_FOUND,
            Status.Code.FAILED_PRECONDITION, Status.Code.ALREADY_EXISTS);

    private QpuBatchSubmission() {
    }

    static Uni<Void> submit(QpuGatewayClient qpu, MutinyEmitter<GenerationStatus> status, StateBatch batch,
                            double[][] rows, int dimension, int t) {
        try {
            qpu.submit(QpuBatchMessages.stepRequest(batch, rows, dimension, t));
            return Uni.createFrom().voidItem();
        } catch (StatusRuntimeException e) {
            if (!REFUSALS.contains(e.getStatus().getCode())) {
                throw e;
            }
            return GenerationRequestProcessor.send(status, batch.getJobId(),
                            QpuBatchMessages.rejected(batch, t, e, System.currentTimeMillis()))
                    .chain(() -> Uni.createFrom().failure(e));
        }
    }
}
