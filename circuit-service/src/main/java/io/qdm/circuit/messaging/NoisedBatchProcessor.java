package io.qdm.circuit.messaging;

import io.qdm.circuit.mapping.GenerationMessages;
import io.qdm.circuit.registry.ModelRegistry;
import io.qdm.circuit.registry.RegisteredModel;
import io.qdm.circuit.service.ReverseProcess;
import io.qdm.proto.generation.v1.StateBatch;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * The circuit stage of batch generation: a batch of starting states x_T ({@code qdm.generation.noised}) runs the
 * whole reverse chain t = T … 1 on the simulator and leaves as x_0 ({@code qdm.generation.denoised}), same key,
 * batch and sample indices. Deterministic in (job seed, sample index), so a redelivered batch yields the same bytes.
 */
@ApplicationScoped
public class NoisedBatchProcessor {

    public static final String NOISED = "generation-noised";
    public static final String DENOISED = "generation-denoised";

    @Inject
    ModelRegistry registry;

    @Inject
    ReverseProcess reverseProcess;

    @Inject
    @Channel(DENOISED)
    MutinyEmitter<StateBatch> denoised;

    /** Blocking: the reverse chain of a batch is seconds of CPU work, which must stay off the event loop. */
    @Incoming(NOISED)
    @Blocking
    public Uni<Void> denoise(StateBatch batch) {
        RegisteredModel model = registry.require(batch.getModel().getName(), batch.getModel().getVersion());
        double[][] rows = GenerationMessages.rows(batch, model.spec().dataDimension());
        int[] labels = batch.getLabelsList().stream().mapToInt(Integer::intValue).toArray();
        int t = model.spec().timesteps();
        double[][] out = reverseProcess.denoise(model, rows, labels, t, t, batch.getSeed(), batch.getFirstSampleIndex());
        return GenerationRequestProcessor.send(denoised, batch.getJobId(), GenerationMessages.denoised(batch, out, model));
    }
}
