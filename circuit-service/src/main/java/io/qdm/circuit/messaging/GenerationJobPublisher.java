package io.qdm.circuit.messaging;

import io.qdm.proto.generation.v1.GenerationRequested;
import io.qdm.proto.generation.v1.GenerationStatus;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Channel;

/** Publishes what gRPC clients ask of jobs: new jobs on {@code qdm.generation.requests}, cancellations on the status topic. */
@ApplicationScoped
public class GenerationJobPublisher {

    @Inject
    @Channel(GenerationRequestProcessor.REQUESTS_OUT)
    MutinyEmitter<GenerationRequested> requests;

    @Inject
    @Channel(GenerationRequestProcessor.STATUS)
    MutinyEmitter<GenerationStatus> status;

    /** Completes when Kafka acknowledged the record. */
    public Uni<Void> submit(GenerationRequested job) {
        return GenerationRequestProcessor.send(requests, job.getJobId(), job);
    }

    public Uni<Void> publishStatus(GenerationStatus event) {
        return GenerationRequestProcessor.send(status, event.getJobId(), event);
    }
}
