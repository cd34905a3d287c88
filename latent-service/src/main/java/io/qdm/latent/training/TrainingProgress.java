package io.qdm.latent.training;

/** Receives training progress; called on the training thread, so implementations must be quick. */
public interface TrainingProgress {

    /**
     * After each optimizer step.
     *
     * @param epoch           1-based epoch
     * @param batch           1-based batch within the epoch
     * @param loss            Huber loss of this batch
     * @param imagesPerSecond training throughput since the start of this run (resumed runs count from the resume)
     * @param etaSeconds      estimated seconds until the last epoch ends (validation passes excluded)
     */
    void onBatch(int epoch, int epochs, int batch, int batches, double loss, double imagesPerSecond,
            double etaSeconds);

    /** After each epoch's validation pass. */
    default void onEpoch(EpochResult result) {
    }

    /** Ignores everything. */
    TrainingProgress NONE = (e, es, b, bs, l, ips, eta) -> { };
}
