package io.qdm.latent.messaging;

import io.qdm.latent.mapping.LatentMessages;
import io.qdm.latent.mapping.TensorMapping;
import io.qdm.latent.service.LatentCodec;
import io.qdm.proto.generation.v1.GenerationStatus;
import io.qdm.proto.generation.v1.ImageBatch;
import io.qdm.proto.generation.v1.StateBatch;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * The last stage of batch generation: a batch of generated states x_0 ({@code qdm.generation.denoised}) is decoded
 * through the autoencoder after taking amplitude moduli, and leaves as images ({@code qdm.generation.results}),
 * same key (job id), batch and sample indices, labels, seed and run id. A pure function of the record, so a
 * redelivered batch yields the same bytes. Each batch also reports on {@code qdm.generation.status} (stage
 * {@code latent}: COMPLETED for a decoded batch, FAILED with the field and reason for an invalid one). The input is
 * acknowledged only after Kafka acknowledged every output; an invalid batch fails the record, which lands on
 * {@code qdm.generation.denoised.dlq} with the reason.
 */
@ApplicationScoped
public class DenoisedBatchProcessor {

    public static final String DENOISED = "generation-denoised";
    public static final String RESULTS = "generation-results";
    public static final String STATUS = "generation-status";

    @Inject
    LatentCodec codec;

    @Inject
    @Channel(RESULTS)
    MutinyEmitter<ImageBatch> results;

    @Inject
    @Channel(STATUS)
    MutinyEmitter<GenerationStatus> status;

    /** Blocking: decoding is a native forward pass (milliseconds per batch), which must stay off the event loop. */
    @Incoming(DENOISED)
    @Blocking
    public Uni<Void> decode(StateBatch batch) {
        ImageBatch images;
        try {
            images = decodeValidated(batch);
        } catch (IllegalArgumentException invalid) {
            if (batch.getJobId().isEmpty()) {
                throw invalid;
            }
            return send(status, batch.getJobId(), LatentMessages.batchFailed(batch, invalid, System.currentTimeMillis()))
                    .chain(() -> Uni.createFrom().failure(invalid));
        }
        return Uni.join().all(
                        send(results, batch.getJobId(), images),
                        send(status, batch.getJobId(), LatentMessages.batchDecoded(batch, System.currentTimeMillis())))
                .andFailFast().replaceWithVoid();
    }

    private ImageBatch decodeValidated(StateBatch batch) {
        if (batch.getJobId().isEmpty()) {
            throw new IllegalArgumentException("job_id: is empty");
        }
        double[][][] amplitudes = TensorMapping.amplitudes(batch.getStates(), "states", codec.latentDim());
        int rows = amplitudes[0].length;
        if (batch.getLabelsCount() != 0 && batch.getLabelsCount() != rows) {
            throw new IllegalArgumentException("labels: " + batch.getLabelsCount() + " labels for " + rows
                    + " states (expected none or one per state)");
        }
        return LatentMessages.results(batch, codec.decodeAmplitudes(amplitudes[0], amplitudes[1]));
    }

    private static <T> Uni<Void> send(MutinyEmitter<T> emitter, String key, T payload) {
        return emitter.sendMessage(Message.of(payload)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(key).build()));
    }
}
