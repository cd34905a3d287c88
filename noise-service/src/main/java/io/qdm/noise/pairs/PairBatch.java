package io.qdm.noise.pairs;

/**
 * One batch of training pairs; all pairs share one timestep (the authors take one Adam step per timestep).
 * Rows of {@code inputs} and {@code targets} are interleaved complex unit vectors.
 *
 * @param datasetIndices index of each pair's x0 in the (subset) dataset
 * @param drawIndices    the index that keyed each pair's noise: epoch·datasetSize + position in the epoch
 */
public record PairBatch(long batchIndex, long batchesTotal, int epoch, int timestep, double[][] inputs,
        double[][] targets, int[] labels, int[] datasetIndices, long[] drawIndices) {

    public int size() {
        return inputs.length;
    }
}
