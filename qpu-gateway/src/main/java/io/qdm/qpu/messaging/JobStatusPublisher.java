package io.qdm.qpu.messaging;

import io.qdm.proto.qpu.v1.QpuJobStatusChanged;
import io.qdm.qpu.mapping.QpuMapper;
import io.qdm.qpu.service.JobRecord;
import io.qdm.qpu.service.QpuJobService;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Publishes every change of every job on {@code qdm.qpu.job-status} (key: job id, so one job's events stay ordered on
 * one partition), through a {@link TerminalEventOutbox}: a send never holds up the job and no record waits for
 * hardware, yet every terminal state's event reaches Kafka, also across a restart of the gateway.
 */
@ApplicationScoped
public class JobStatusPublisher {

    public static final String CHANNEL = "qpu-job-status";
    private static final Logger LOG = Logger.getLogger(JobStatusPublisher.class);
    /** Retry back-off of a terminal event: 1 s doubling to 30 s, for 10 min; then it waits for the next restart. */
    static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    static final Duration GIVE_UP_AFTER = Duration.ofMinutes(10);

    @Inject
    @Channel(CHANNEL)
    MutinyEmitter<QpuJobStatusChanged> emitter;

    @Inject
    QpuJobService jobs;

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "qdm-qpu-status-retry");
        t.setDaemon(true);
        return t;
    });
    private TerminalEventOutbox outbox;

    void onStart(@Observes StartupEvent event) {
        outbox = new TerminalEventOutbox(jobs.store(), this::send, timer, FIRST_BACKOFF, MAX_BACKOFF, GIVE_UP_AFTER);
        jobs.store().addListener(outbox::publish);
        int owed = outbox.sendOwed();
        if (owed > 0) {
            LOG.infof("qpu-gateway: sending %d terminal job status event(s) Kafka had not acknowledged", owed);
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        timer.shutdownNow();
    }

    private CompletionStage<Void> send(JobRecord job) {
        QpuJobStatusChanged change = QpuJobStatusChanged.newBuilder()
                .setJob(QpuMapper.toProto(job))
                .setAtMs(job.updatedAtMs)
                .build();
        return emitter.sendMessage(Message.of(change)
                        .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(job.jobId).build()))
                .subscribeAsCompletionStage();
    }
}
