package io.qdm.noise.service;

/**
 * What one Kafka pair request may produce: the request record stays unacknowledged until every batch it produced was
 * acknowledged by the broker, and SmallRye's throttled commit marks the consumer unhealthy when a record stays
 * unacknowledged for 60 s. So the work per record is bounded here and a larger run is refused with the reason.
 */
public record PairRequestLimits(long maxBatches, long maxAmplitudes, long maxRecordBytes) {

    /** Bytes of a TrainingPairBatch besides the two complex tensors: labels, indices, header fields (generous). */
    static final int RECORD_OVERHEAD = 1024;

    /** @throws IllegalArgumentException naming the field to change */
    public void check(TrainingPairRuns.OpenRun run, int batchSize) {
        long batches = run.remaining();
        if (batches > maxBatches) {
            throw new IllegalArgumentException("epochs: the request would produce " + batches + " batches (from "
                    + "start_batch_index " + run.firstBatch() + " to " + run.stream().batchesTotal() + "), above the "
                    + "limit of " + maxBatches + " per Kafka request (qdm.noise.limits.kafka-max-batches-per-request); "
                    + "request fewer epochs, timesteps or a smaller dataset.limit, or stream over gRPC");
        }
        long recordBytes = 32L * batchSize * run.dimension() + 12L * batchSize + RECORD_OVERHEAD;
        if (recordBytes > maxRecordBytes) {
            throw new IllegalArgumentException("batch_size: a batch of " + batchSize + " pairs of dimension "
                    + run.dimension() + " is a record of about " + recordBytes + " bytes, above the Kafka record limit of "
                    + maxRecordBytes + " (qdm.noise.limits.kafka-max-record-bytes); use a smaller batch_size or gRPC");
        }
        long amplitudes = batches * batchSize * run.dimension();
        if (amplitudes > maxAmplitudes) {
            throw new IllegalArgumentException("batch_size: the request would produce " + amplitudes + " amplitudes ("
                    + batches + " batches of " + batchSize + " x " + run.dimension() + "), above the limit of "
                    + maxAmplitudes + " per Kafka request (qdm.noise.limits.kafka-max-amplitudes-per-request)");
        }
    }
}
