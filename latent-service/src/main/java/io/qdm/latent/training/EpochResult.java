package io.qdm.latent.training;

/**
 * Outcome of one epoch.
 *
 * @param epoch           1-based
 * @param trainHuber      mean Huber loss over the epoch's training batches (BatchNorm in training mode)
 * @param validation      reconstruction metrics on the validation split (inference mode)
 * @param learningRate    rate used during the epoch
 * @param seconds         wall time of the epoch including validation
 * @param best            whether this epoch became the best checkpoint (lowest validation Huber loss)
 */
public record EpochResult(int epoch, double trainHuber, ReconstructionMetrics validation, double learningRate,
        double seconds, boolean best) {
}
