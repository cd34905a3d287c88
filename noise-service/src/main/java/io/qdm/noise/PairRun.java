package io.qdm.noise;

import io.qdm.noise.pairs.PairKind;
import io.qdm.noise.preprocess.DatasetRequest;

/**
 * A training-pair run (proto {@code TrainingPairsRequest}, defaults resolved).
 *
 * @param timesteps       timestep indices per batch in order; empty = every valid one of the pair kind
 * @param startBatchIndex first batch to produce (resume); batches before it are skipped, not computed
 */
public record PairRun(DatasetRequest dataset, ProcessSpec process, PairKind kind, long seed, int batchSize,
        int epochs, int[] timesteps, long startBatchIndex) {
}
