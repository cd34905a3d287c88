package io.qdm.circuit.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import io.qdm.circuit.clients.QpuGatewayClient;
import io.qdm.circuit.jobs.JobTable;
import io.qdm.circuit.mapping.GenerationMessages;
import io.qdm.circuit.registry.ModelRegistry;
import io.qdm.circuit.registry.RegisteredModel;
import io.qdm.circuit.service.ReverseProcess;
import io.qdm.proto.generation.v1.Backend;
import io.qdm.proto.generation.v1.GenerationStatus;
import io.qdm.proto.generation.v1.StateBatch;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * The circuit stage of batch generation: a batch of starting states x_T ({@code qdm.generation.noised}) runs the
 * whole reverse chain t = T … 1 on the simulator and leaves as x_0 ({@code qdm.generation.denoised}), same key,
 * batch and sample indices. Deterministic in (job seed, sample index), so a redelivered batch yields the same bytes.
 * A batch of a job with backend {@code BACKEND_QPU_GATEWAY} is handed to qpu-gateway instead (its first step's job is
 * accepted before this record is acknowledged); {@link QpuJobStatusProcessor} carries it on from there.
 */
@ApplicationScoped
public class NoisedBatchProcessor {

    private static final Logger LOG = Logger.getLogger(NoisedBatchProcessor.class);

    public static final String NOISED = "generation-noised";
    public static final String DENOISED = "generation-denoised";

    @Inject
    ModelRegistry registry;

    @Inject
    ReverseProcess reverseProcess;

    @Inject
    JobTable jobs;

    @Inject
    QpuGatewayClient qpu;

    @Inject
    MeterRegistry meters;

    @Inject
    @Channel(DENOISED)
    MutinyEmitter<StateBatch> denoised;

    @Inject
    @Channel(GenerationRequestProcessor.STATUS)
    MutinyEmitter<GenerationStatus> status;

    /** Blocking: the reverse chain of a batch is seconds of CPU work, which must stay off the event loop. */
    @Incoming(NOISED)
    @Blocking
    public Uni<Void> denoise(StateBatch batch) {
        if (jobs.isCancelled(batch.getJobId())) {
            // the job was cancelled: its remaining batches stop here, before any simulation or downstream record
            meters.counter("qdm_generation_batches_skipped_total", "reason", "cancelled").increment();
            LOG.infof("job %s is cancelled: batch %d skipped", batch.getJobId(), batch.getBatchIndex());
            return Uni.createFrom().voidItem();
        }
        RegisteredModel model = registry.require(batch.getModel().getName(), batch.getModel().getVersion());
        double[][] rows = GenerationMessages.rows(batch, model.spec().dataDimension());
        int t = model.spec().timesteps();
        if (batch.getBackend() == Backend.BACKEND_QPU_GATEWAY) {
            // step T goes to qpu-gateway; QpuJobStatusProcessor takes each finished step on from its status event
            return QpuBatchSubmission.submit(qpu, status, batch, rows, model.spec().dataDimension(), t);
        }
        double[][] out = reverseProcess.denoise(model, rows, GenerationMessages.labels(batch), t, t, batch.getSeed(),
                batch.getFirstSampleIndex());
        return GenerationRequestProcessor.send(denoised, batch.getJobId(), GenerationMessages.denoised(batch, out, model));
    }
}
