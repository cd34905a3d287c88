package io.qdm.circuit.messaging;

import io.qdm.circuit.jobs.JobTable;
import io.qdm.proto.generation.v1.GenerationStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Feeds the job table from {@code qdm.generation.status}. Every replica reads the whole topic with its own
 * consumer group (from the beginning), so any replica can answer GetJob/WatchJob for any job.
 */
@ApplicationScoped
public class JobStatusListener {

    public static final String STATUS_IN = "generation-status-in";

    @Inject
    JobTable jobs;

    @Incoming(STATUS_IN)
    public void apply(GenerationStatus status) {
        jobs.apply(status);
    }
}
