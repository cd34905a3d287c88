package io.qdm.latent.training;

import java.nio.file.Path;
import java.util.List;

/**
 * What a training run produced.
 *
 * @param bestWeightsDir  checkpoint directory holding the best-validation parameters
 * @param bestValidation  metrics of that checkpoint on the validation split
 * @param trainSeconds    wall time spent in training batches, summed over resumed runs (validation excluded)
 * @param wallSeconds     wall time of the training, validation and checkpointing, summed over resumed runs
 * @param imagesPerSecond training images per second of training-batch wall time, over all runs
 * @param history         the epochs trained in this run (not those before a resume)
 */
public record TrainingResult(TrainingConfig config, SeededSplit split, Path bestWeightsDir, int epochsCompleted,
        int bestEpoch, ReconstructionMetrics bestValidation, double trainSeconds, double wallSeconds,
        double imagesPerSecond, List<EpochResult> history) {
}
