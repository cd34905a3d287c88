package io.qdm.eval.messaging;

import io.qdm.eval.mapping.ImageTensors;
import io.qdm.eval.mapping.ReportMapper;
import io.qdm.eval.service.RunBook;
import io.qdm.eval.stats.RunStatistics;
import io.qdm.proto.eval.v1.EvaluationCompleted;
import io.qdm.proto.generation.v1.ImageBatch;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Accumulates decoded generation results ({@code qdm.generation.results}) into per-run statistics (run id =
 * the batch's metrics run id, else its job id). When the last batch of a run arrives, the run's report is published
 * on {@code qdm.eval.reports} keyed by run id. Redelivered batches are ignored; malformed ones go to the dead-letter
 * topic with the reason.
 */
@ApplicationScoped
public class GenerationResultsConsumer {

    public static final String RESULTS = "generation-results";
    public static final String REPORTS = "eval-reports";

    @Inject
    RunBook runs;

    @Inject
    @Channel(REPORTS)
    MutinyEmitter<EvaluationCompleted> reports;

    @Incoming(RESULTS)
    public Uni<Void> accept(ImageBatch batch) {
        String runId = batch.getMetricsRunId().isEmpty() ? batch.getJobId() : batch.getMetricsRunId();
        double[] images = ImageTensors.decode28(batch.getImages());
        int[] labels = batch.getLabelsList().stream().mapToInt(Integer::intValue).toArray();
        RunStatistics run = runs.run(runId);
        boolean added = run.add(images, labels, batch.getBatchIndex(), batch.getBatchesTotal());
        if (!added || !run.complete()) {
            return Uni.createFrom().voidItem();
        }
        EvaluationCompleted completed = EvaluationCompleted.newBuilder()
                .setReport(ReportMapper.toReport(run.snapshot(), System.currentTimeMillis())).build();
        return reports.sendMessage(Message.of(completed)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(runId).build()));
    }
}
