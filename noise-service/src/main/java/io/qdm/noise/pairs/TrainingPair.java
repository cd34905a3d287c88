package io.qdm.noise.pairs;

/**
 * One (input, target) pair, both interleaved complex unit vectors ({@link io.qdm.noise.noise.Amplitudes}).
 *
 * @param drawIndex    absolute index that keyed the noise draws (unique per pair of a request and timestep)
 * @param datasetIndex index of x0 in the dataset the pairs were made from
 * @param label        class label of x0, or -1
 */
public record TrainingPair(long drawIndex, int datasetIndex, int label, int timestep, double[] input,
        double[] target) {
}
