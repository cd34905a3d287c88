package io.qdm.circuit.messaging;

import io.grpc.StatusRuntimeException;
import io.micrometer.core.instrument.MeterRegistry;
import io.qdm.circuit.clients.QpuGatewayClient;
import io.qdm.circuit.generation.QpuBatchAction;
import io.qdm.circuit.jobs.JobTable;
import io.qdm.circuit.mapping.GenerationMessages;
import io.qdm.circuit.mapping.QpuBatchMessages;
import io.qdm.circuit.registry.ModelRegistry;
import io.qdm.circuit.registry.RegisteredModel;
import io.qdm.proto.circuit.v1.QpuBatchContext;
import io.qdm.proto.generation.v1.GenerationStatus;
import io.qdm.proto.generation.v1.StateBatch;
import io.qdm.proto.qpu.v1.QpuJob;
import io.qdm.proto.qpu.v1.QpuJobStatusChanged;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.util.Optional;

/**
 * The other half of Kafka batches on qpu-gateway ({@link NoisedBatchProcessor} submits step t = T): every
 * {@code qdm.qpu.job-status} event of a job that carries a {@link QpuBatchContext}. A completed step t > 1 submits
 * step t − 1 on its result; step 1 leaves as x_0 on {@code qdm.generation.denoised}; a failed or cancelled QPU job
 * fails the batch; a cancelled generation job cancels its queued or running QPU jobs and stops ({@link QpuBatchAction}).
 * The event is acknowledged only after the next job was accepted or the output acknowledged, so a crash anywhere
 * redelivers it and the idempotent keys make the retry harmless. No record waits for hardware: a step's queue time is
 * spent between two events, not inside one.
 */
@ApplicationScoped
public class QpuJobStatusProcessor {

    private static final Logger LOG = Logger.getLogger(QpuJobStatusProcessor.class);

    public static final String QPU_STATUS = "qpu-job-status";

    @Inject
    ModelRegistry registry;

    @Inject
    QpuGatewayClient qpu;

    @Inject
    JobTable jobs;

    @Inject
    MeterRegistry meters;

    @Inject
    @Channel(NoisedBatchProcessor.DENOISED)
    MutinyEmitter<StateBatch> denoised;

    @Inject
    @Channel(GenerationRequestProcessor.STATUS)
    MutinyEmitter<GenerationStatus> status;

    /** Blocking: submitting the next step is a gRPC call. */
    @Incoming(QPU_STATUS)
    @Blocking
    public Uni<Void> onStatus(QpuJobStatusChanged event) {
        QpuJob job = event.getJob();
        Optional<QpuBatchContext> context = QpuBatchMessages.context(job);
        if (context.isEmpty()) {
            return Uni.createFrom().voidItem();   // not a Kafka batch: a gRPC Generate or a direct client watches it
        }
        StateBatch batch = context.get().getBatch();
        int t = context.get().getTimestep();
        QpuBatchAction action = QpuBatchAction.of(job.getState(), jobs.isCancelled(batch.getJobId()), t);
        switch (action) {
            case WAIT -> {
                return Uni.createFrom().voidItem();
            }
            case CANCEL_QPU_JOB -> {
                LOG.infof("job %s is cancelled: cancelling qpu-gateway job %s (batch %d, step t=%d)", batch.getJobId(),
                        job.getJobId(), batch.getBatchIndex(), t);
                try {
                    qpu.cancel(job.getJobId());
                } catch (StatusRuntimeException e) {
                    // best effort: the job's next event comes back here and stops the batch in any case
                    LOG.warnf("job %s: cancelling qpu-gateway job %s failed: %s", batch.getJobId(), job.getJobId(),
                            e.getStatus());
                }
                return Uni.createFrom().voidItem();
            }
            case STOP_CANCELLED -> {
                meters.counter("qdm_generation_batches_skipped_total", "reason", "cancelled").increment();
                LOG.infof("job %s is cancelled: batch %d stops at step t=%d", batch.getJobId(), batch.getBatchIndex(), t);
                return Uni.createFrom().voidItem();
            }
            case FAIL_BATCH -> {
                LOG.warnf("job %s batch %d: qpu-gateway job %s (step t=%d) ended %s: %s", batch.getJobId(),
                        batch.getBatchIndex(), job.getJobId(), t, job.getState(), job.getError().getMessage());
                return GenerationRequestProcessor.send(status, batch.getJobId(),
                        QpuBatchMessages.failed(batch, job, System.currentTimeMillis()));
            }
            default -> {
                // SUBMIT_NEXT_STEP or EMIT_DENOISED, below
            }
        }
        RegisteredModel model = registry.require(batch.getModel().getName(), batch.getModel().getVersion());
        int dimension = model.spec().dataDimension();
        double[][] rows = QpuGatewayClient.resultRows(job, dimension);
        if (rows.length != context.get().getSamples()) {
            throw new IllegalStateException("qpu-gateway job " + job.getJobId() + " returned " + rows.length
                    + " rows for a batch of " + context.get().getSamples());
        }
        if (action == QpuBatchAction.SUBMIT_NEXT_STEP) {
            return QpuBatchSubmission.submit(qpu, status, batch, rows, dimension, t - 1);
        }
        return GenerationRequestProcessor.send(denoised, batch.getJobId(), GenerationMessages.denoised(batch, rows, model));
    }
}
