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

import java.util.Set;

/**
 * Accumulates decoded generation results ({@code qdm.generation.results}) into per-run statistics and features (run
 * id = the batch's metrics run id, else its job id). When the last batch of a run arrives, the run is evaluated
 * against the default reference (when it has enough samples for FID; otherwise its statistics are reported with the
 * reason) and the report is published on {@code qdm.eval.reports} keyed by run id. Redelivered batches are ignored;
 * malformed ones go to the dead-letter topic with the reason.
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

    /** Blocking: feature extraction (native inference) and, at a run's end, its evaluation. */
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
        EvaluationReport report;
        if (evaluation.evaluable(runId)) {
            report = ReportMapper.toReport(evaluation.evaluate(runId, "", "", "", Set.of()), run.snapshot());
        } else {
            Log.infof("run %s complete with %d samples: too few for FID (needs more than the feature dimension); "
                    + "publishing its statistics only", runId, run.snapshot().samples());
            report = ReportMapper.toReport(run.snapshot(), System.currentTimeMillis());
        }
        EvaluationCompleted completed = EvaluationCompleted.newBuilder().setReport(report).build();
        return reports.sendMessage(Message.of(completed)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(runId).build()));
    }
}
