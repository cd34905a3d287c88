package io.qdm.noise.messaging;

import io.qdm.noise.PairRun;
import io.qdm.noise.config.NoiseConfig;
import io.qdm.noise.mapping.NoiseMapper;
import io.qdm.noise.service.PairRequestLimits;
import io.qdm.noise.service.TrainingPairRuns;
import io.qdm.proto.noise.v1.TrainingPairBatch;
import io.qdm.proto.noise.v1.TrainingPairsRequested;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Training pairs for trainers that consume from Kafka: one {@code TrainingPairsRequested} in
 * ({@code qdm.noise.pair-requests}), the run's batches out as {@code TrainingPairBatch} records keyed by request id
 * ({@code qdm.noise.training-pairs}), in batch order. The input is acknowledged only after Kafka acknowledged every
 * output (a crash redelivers the request, and the deterministic batches are produced again, byte-identical). The
 * work per request is bounded ({@link PairRequestLimits}) so the record is never unacknowledged for long; a request
 * that is invalid, too large or names an unreadable dataset fails and goes to the dead-letter topic with the reason.
 */
@ApplicationScoped
public class TrainingPairRequestProcessor {

    public static final String PAIR_REQUESTS = "pair-requests";
    public static final String TRAINING_PAIRS = "training-pairs";
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

    @Inject
    TrainingPairRuns runs;

    @Inject
    NoiseConfig config;

    @Inject
    @Channel(TRAINING_PAIRS)
    MutinyEmitter<TrainingPairBatch> pairs;

    /**
     * Blocking because computing batches is CPU work that must stay off the event loop, and because it waits for the
     * broker's acknowledgements window by window ({@code kafka-send-window} batches in flight) to bound memory.
     */
    @Incoming(PAIR_REQUESTS)
    @Blocking
    public void process(TrainingPairsRequested requested) {
        String requestId = requested.getMeta().getRequestId().isBlank()
                ? requested.getRequest().getMeta().getRequestId() : requested.getMeta().getRequestId();
        if (requestId.isBlank()) {
            throw new IllegalArgumentException("meta.request_id: missing (it keys the output records)");
        }
        if (!requested.hasRequest()) {
            throw new IllegalArgumentException("request: missing");
        }
        PairRun run = NoiseMapper.toPairRun(requested.getRequest());
        TrainingPairRuns.OpenRun open = runs.open(run);
        new PairRequestLimits(config.limits().kafkaMaxBatchesPerRequest(),
                config.limits().kafkaMaxAmplitudesPerRequest(), config.limits().kafkaMaxRecordBytes()).check(open, run.batchSize());
        int window = Math.max(1, config.limits().kafkaSendWindow());
        List<Uni<Void>> inFlight = new ArrayList<>(window);
        for (long b = open.firstBatch(); b < open.stream().batchesTotal(); b++) {
            TrainingPairBatch batch = NoiseMapper.toProto(requestId, open.stream().batch(b), open.dimension());
            inFlight.add(pairs.sendMessage(Message.of(batch)
                    .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(requestId).build())));
            if (inFlight.size() == window) {
                awaitAll(inFlight);
            }
        }
        awaitAll(inFlight);
    }

    private static void awaitAll(List<Uni<Void>> sends) {
        if (!sends.isEmpty()) {
            Uni.join().all(sends).andFailFast().await().atMost(SEND_TIMEOUT);
            sends.clear();
        }
    }
}
