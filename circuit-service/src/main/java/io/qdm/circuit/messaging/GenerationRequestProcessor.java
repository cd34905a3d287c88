package io.qdm.circuit.messaging;

import io.qdm.circuit.generation.GenerationPlan;
import io.qdm.circuit.generation.GenerationPlanner;
import io.qdm.circuit.mapping.GenerationMessages;
import io.qdm.circuit.registry.ModelRegistry;
import io.qdm.circuit.registry.RegisteredModel;
import io.qdm.proto.generation.v1.GenerationPlanned;
import io.qdm.proto.generation.v1.GenerationRequested;
import io.qdm.proto.generation.v1.GenerationStatus;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Accepts batch-generation jobs ({@code qdm.generation.requests}): resolves the model, validates the request and
 * publishes the resolved plan ({@code qdm.generation.planned}) and an ACCEPTED status, both keyed by job id. A bad
 * request publishes a FAILED status with the reason and then fails the record, which lands on the dead-letter topic.
 * The input is acknowledged only after Kafka acknowledged the outputs.
 */
@ApplicationScoped
public class GenerationRequestProcessor {

    public static final String REQUESTS = "generation-requests";
    /** The same topic, written by SubmitGeneration. */
    public static final String REQUESTS_OUT = "generation-requests-out";
    public static final String PLANNED = "generation-planned";
    public static final String STATUS = "generation-status";

    private final GenerationPlanner planner = new GenerationPlanner();

    @Inject
    ModelRegistry registry;

    @Inject
    @Channel(PLANNED)
    MutinyEmitter<GenerationPlanned> planned;

    @Inject
    @Channel(STATUS)
    MutinyEmitter<GenerationStatus> status;

    @Incoming(REQUESTS)
    public Uni<Void> accept(GenerationRequested requested) {
        GenerationPlan plan;
        try {
            if (requested.getJobId().isBlank()) {
                throw new IllegalArgumentException("job_id: missing");
            }
            RegisteredModel model = registry.require(requested.getRequest().getModel().getName(),
                    requested.getRequest().getModel().getVersion());
            plan = planner.plan(GenerationMessages.toOrder(requested), GenerationMessages.shape(model));
        } catch (IllegalArgumentException invalid) {
            return send(status, requested.getJobId(),
                    GenerationMessages.failed(requested.getJobId(), -1, invalid, System.currentTimeMillis()))
                    .chain(() -> Uni.createFrom().failure(invalid));
        }
        return Uni.join().all(
                        send(planned, plan.jobId(), GenerationMessages.toPlanned(plan, requested.getRequest())),
                        send(status, plan.jobId(), GenerationMessages.accepted(plan, System.currentTimeMillis())))
                .andFailFast().replaceWithVoid();
    }

    public static <T> Uni<Void> send(MutinyEmitter<T> emitter, String key, T payload) {
        return emitter.sendMessage(Message.of(payload)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(key).build()));
    }
}
