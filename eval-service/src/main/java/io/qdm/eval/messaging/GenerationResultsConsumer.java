package io.qdm.eval.messaging;

import io.qdm.eval.mapping.ImageTensors;
import io.qdm.eval.mapping.ReportMapper;
import io.qdm.eval.service.EvaluationService;
import io.qdm.eval.service.RunBook;
import io.qdm.eval.stats.RunStatistics;
import io.qdm.proto.eval.v1.EvaluationCompleted;
import io.qdm.proto.eval.v1.EvaluationReport;
import io.qdm.proto.generation.v1.ImageBatch;
import io.quarkus.logging.Log;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import jakarta.annotation.PreDestroy;

import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Accumulates decoded generation results ({@code qdm.generation.results}) into per-run statistics and features (run
 * id = the batch's metrics run id, else its job id). When the last batch of a run arrives, the run is evaluated
 * against the default reference (when it has enough samples for FID; otherwise its statistics are reported with the
 * reason) and the report is published on {@code qdm.eval.reports} keyed by run id. Redelivered batches are ignored;
 * malformed ones go to the dead-letter topic with the reason.
 *
 * <p>A record is acknowledged once its batch is added. The evaluation a run's last batch triggers runs afterwards on
 * a single evaluation thread: it can take longer than SmallRye's 60 s limit for an unacknowledged record (the first
 * one in a process reconstructs the test split through latent-service for the autoencoder baseline, and did, on a
 * busy stack: the channel was then marked failed and stopped consuming). Run statistics live in memory, so
 * acknowledging before the report loses nothing a crash would not lose anyway.
 */
@ApplicationScoped
public class GenerationResultsConsumer {

    public static final String RESULTS = "generation-results";
    public static final String REPORTS = "eval-reports";

    @Inject
    EvaluationService evaluation;

    @Inject
    RunBook runs;

    @Inject
    @Channel(REPORTS)
    MutinyEmitter<EvaluationCompleted> reports;

    /** Run evaluations, one at a time, off the consumer's acknowledgement path (see the class comment). */
    private final ExecutorService evaluations = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "qdm-run-evaluation");
        t.setDaemon(true);
        return t;
    });

    @PreDestroy
    void stop() {
        evaluations.shutdownNow();
    }

    /** Blocking: feature extraction (native inference); a run's evaluation is handed to the evaluation thread. */
    @Incoming(RESULTS)
    @Blocking
    public Uni<Void> accept(ImageBatch batch) {
        String runId = batch.getMetricsRunId().isEmpty() ? batch.getJobId() : batch.getMetricsRunId();
        double[] images = ImageTensors.decode28(batch.getImages());
        int[] labels = batch.getLabelsList().stream().mapToInt(Integer::intValue).toArray();
        boolean added = evaluation.add(runId, images, labels, batch.getBatchIndex(), batch.getBatchesTotal());
        RunStatistics run = runs.run(runId);
        if (!added || !run.complete()) {
            return Uni.createFrom().voidItem();
        }
        evaluations.execute(() -> publishEvaluation(runId, run));
        return Uni.createFrom().voidItem();
    }

    private void publishEvaluation(String runId, RunStatistics run) {
        try {
            EvaluationReport report;
            if (evaluation.evaluable(runId)) {
                report = ReportMapper.toReport(evaluation.evaluate(runId, "", "", "", Set.of()), run.snapshot());
            } else {
                Log.infof("run %s complete with %d samples: too few for FID (needs more than the feature dimension); "
                        + "publishing its statistics only", runId, run.snapshot().samples());
                report = ReportMapper.toReport(run.snapshot(), System.currentTimeMillis());
            }
            EvaluationCompleted completed = EvaluationCompleted.newBuilder().setReport(report).build();
            reports.sendMessage(Message.of(completed)
                            .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(runId).build()))
                    .subscribe().with(ok -> { }, failure -> Log.errorf(failure, "run %s: publishing its evaluation"
                            + " report failed", runId));
        } catch (RuntimeException e) {
            Log.errorf(e, "run %s: evaluation failed; its statistics stay available over gRPC (GetReport)", runId);
        }
    }
}
