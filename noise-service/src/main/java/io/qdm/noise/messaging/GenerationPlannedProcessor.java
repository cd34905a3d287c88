package io.qdm.noise.messaging;

import io.qdm.noise.mapping.GenerationMapper;
import io.qdm.noise.service.InitialStateBatcher;
import io.qdm.proto.generation.v1.GenerationPlanned;
import io.qdm.proto.generation.v1.StateBatch;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.util.List;

/**
 * The noise stage of batch generation: one accepted job in ({@code qdm.generation.planned}), its starting states out
 * as one keyed record per batch ({@code qdm.generation.noised}). The input is acknowledged only after Kafka
 * acknowledged every output, so a crash redelivers the plan and the (deterministic) batches are produced again
 * rather than lost. An invalid plan fails the record, which goes to the dead-letter topic with the reason.
 */
@ApplicationScoped
public class GenerationPlannedProcessor {

    public static final String PLANNED = "generation-planned";
    public static final String NOISED = "generation-noised";

    private final InitialStateBatcher batcher = new InitialStateBatcher();

    @Inject
    @Channel(NOISED)
    MutinyEmitter<StateBatch> noised;

    /** Blocking because drawing and normalising the states of a large job is CPU work that must stay off the event loop. */
    @Incoming(PLANNED)
    @Blocking
    public Uni<Void> process(GenerationPlanned planned) {
        List<Uni<Void>> sends = batcher.batches(GenerationMapper.toPlan(planned)).stream()
                .map(batch -> noised.sendMessage(Message.of(GenerationMapper.toStateBatch(planned, batch))
                        .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(planned.getJobId()).build())))
                .toList();
        return Uni.join().all(sends).andFailFast().replaceWithVoid();
    }
}
