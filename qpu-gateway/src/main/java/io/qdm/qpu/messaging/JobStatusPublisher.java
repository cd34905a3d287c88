package io.qdm.qpu.messaging;

import io.qdm.proto.qpu.v1.QpuJobStatusChanged;
import io.qdm.qpu.mapping.QpuMapper;
import io.qdm.qpu.service.JobRecord;
import io.qdm.qpu.service.QpuJobService;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Publishes every change of every job on {@code qdm.qpu.job-status} (key: job id, so one job's events stay ordered on
 * one partition). Fire and forget: a send never holds up the job, and no record waits for hardware.
 */
@ApplicationScoped
public class JobStatusPublisher {

    public static final String CHANNEL = "qpu-job-status";
    private static final Logger LOG = Logger.getLogger(JobStatusPublisher.class);

    @Inject
    @Channel(CHANNEL)
    MutinyEmitter<QpuJobStatusChanged> emitter;

    @Inject
    QpuJobService jobs;

    void onStart(@Observes StartupEvent event) {
        jobs.store().addListener(this::publish);
    }

    /**
     * Sends are chained, one in flight at a time, so a job's events reach the topic in the order of its changes even
     * when the producer retries (the first record of a fresh topic waits for its metadata). Never blocks the caller.
     */
    synchronized void publish(JobRecord job) {
        QpuJobStatusChanged event = QpuJobStatusChanged.newBuilder()
                .setJob(QpuMapper.toProto(job))
                .setAtMs(job.updatedAtMs)
                .build();
        last = last.handle((ok, e) -> null).thenCompose(ignored -> emitter.sendMessage(Message.of(event)
                        .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(job.jobId).build()))
                .subscribeAsCompletionStage()
                .whenComplete((ok, e) -> {
                    if (e != null) {
                        LOG.warnf("qpu job %s: status event not sent: %s", job.jobId, e.getMessage());
                    }
                }));
    }

    private java.util.concurrent.CompletableFuture<Void> last = java.util.concurrent.CompletableFuture.completedFuture(null);
}
