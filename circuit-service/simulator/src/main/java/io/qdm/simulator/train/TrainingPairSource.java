package io.qdm.simulator.train;

import io.qdm.simulator.model.TrainingSample;
import java.util.List;

/**
 * Supplies training pairs. Implementations must be deterministic functions of their arguments (that is what makes
 * training resumable bit-identically): the pairs of batch {@code batch} of {@code epoch} at {@code timestep}.
 * In production the pairs come from the noise service; {@link LatentDiffusionPairs} is the self-contained
 * generator of the authors' formulas.
 */
public interface TrainingPairSource {

  /** Batches per epoch. */
  int batchesPerEpoch();

  /** Samples per batch (per timestep). */
  int batchSize();

  /** The batch's pairs at one timestep; every sample has {@code timestep()} equal to {@code timestep}. */
  List<TrainingSample> pairs(int epoch, int batch, int timestep);
}
