package io.qdm.noise.pairs;

import io.qdm.noise.preprocess.EncodedDataset;
import io.qdm.noise.random.DrawKey;
import io.qdm.noise.random.GaussianStream;
import io.qdm.noise.random.StreamId;

/**
 * The sequence of training-pair batches of one request, in the authors' order ([A] {@code circuit_training.py}):
 * for each epoch, the dataset is shuffled and cut into batches of {@code batchSize} (the remainder is dropped,
 * {@code drop_last=True}); for each such batch, one {@link PairBatch} per requested timestep.
 *
 * <p>Batch {@code b} is a pure function of the request and {@code b} ({@link #batch(long)}), so a stream resumed at
 * {@code start_batch_index}, split over Kafka partitions or retried gives the same bytes. The epoch shuffle is a
 * Fisher–Yates permutation keyed (shuffleSeed, epoch, 0, {@link StreamId#SHUFFLE}); pair noise is keyed by the
 * request seed and the pair's draw index (see {@link TrainingPairMaker}).
 *
 * <p>Not thread-safe: it caches the permutation of the last epoch used. Create one per consumer.
 */
public final class TrainingPairStream {
    /** Upper bound on pairs per batch, to bound one message (the authors use 64). */
    public static final int MAX_BATCH_SIZE = 1 << 16;

    private final EncodedDataset data;
    private final TrainingPairMaker maker;
    private final long seed;
    private final long shuffleSeed;
    private final int batchSize;
    private final int epochs;
    private final int[] timesteps;
    private final int batchesPerEpoch;

    private int cachedEpoch = -1;
    private int[] cachedPermutation;

    /**
     * @param timesteps timestep indices per batch, in order; empty = every valid one of the pair kind, ascending
     * @throws IllegalArgumentException naming the field (batch_size, epochs, timesteps) and the reason
     */
    public TrainingPairStream(EncodedDataset data, TrainingPairMaker maker, long seed, long shuffleSeed, int batchSize,
            int epochs, int[] timesteps) {
        this.data = data;
        this.maker = maker;
        this.seed = seed;
        this.shuffleSeed = shuffleSeed;
        if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
            throw new IllegalArgumentException("batch_size: must be in [1, " + MAX_BATCH_SIZE + "], got " + batchSize);
        }
        if (batchSize > data.count()) {
            throw new IllegalArgumentException("batch_size: " + batchSize + " is larger than the dataset (" + data.count()
                    + " samples of " + data.name() + "); with drop_last no batch would be produced");
        }
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs: must be at least 1, got " + epochs);
        }
        PairKind kind = maker.kind();
        if (timesteps == null || timesteps.length == 0) {
            int first = kind.firstTimestep();
            int last = kind.lastTimestep(maker.process().schedule());
            timesteps = new int[last - first + 1];
            for (int t = first; t <= last; t++) {
                timesteps[t - first] = t;
            }
        } else {
            timesteps = timesteps.clone();
            for (int i = 0; i < timesteps.length; i++) {
                kind.checkTimestep("timesteps[" + i + "]", timesteps[i], maker.process().schedule());
            }
        }
        this.timesteps = timesteps;
        this.batchSize = batchSize;
        this.epochs = epochs;
        this.batchesPerEpoch = data.count() / batchSize;
    }

    public long batchesTotal() {
        return (long) epochs * batchesPerEpoch * timesteps.length;
    }

    public int[] timesteps() {
        return timesteps.clone();
    }

    /**
     * @throws IllegalArgumentException naming "start_batch_index" if {@code index} is outside [0, batchesTotal)
     */
    public PairBatch batch(long index) {
        if (index < 0 || index >= batchesTotal()) {
            throw new IllegalArgumentException("start_batch_index: " + index + " is out of range [0, " + batchesTotal()
                    + ")");
        }
        int ti = (int) (index % timesteps.length);
        long b = index / timesteps.length;
        int epoch = (int) (b / batchesPerEpoch);
        int batchInEpoch = (int) (b % batchesPerEpoch);
        int t = timesteps[ti];
        int[] perm = permutation(epoch);
        double[][] inputs = new double[batchSize][];
        double[][] targets = new double[batchSize][];
        int[] labels = new int[batchSize];
        int[] datasetIndices = new int[batchSize];
        long[] drawIndices = new long[batchSize];
        for (int j = 0; j < batchSize; j++) {
            int position = batchInEpoch * batchSize + j;
            int di = perm[position];
            long draw = (long) epoch * data.count() + position;
            TrainingPair p = maker.make(data.complexRow(di), data.label(di), di, draw, t, seed);
            inputs[j] = p.input();
            targets[j] = p.target();
            labels[j] = p.label();
            datasetIndices[j] = di;
            drawIndices[j] = draw;
        }
        return new PairBatch(index, batchesTotal(), epoch, t, inputs, targets, labels, datasetIndices, drawIndices);
    }

    private int[] permutation(int epoch) {
        if (epoch != cachedEpoch) {
            int n = data.count();
            int[] p = new int[n];
            for (int i = 0; i < n; i++) {
                p[i] = i;
            }
            GaussianStream g = new DrawKey(shuffleSeed, epoch, 0, StreamId.SHUFFLE).gaussians();
            for (int i = n - 1; i > 0; i--) {
                int j = g.nextInt(i + 1);
                int tmp = p[i];
                p[i] = p[j];
                p[j] = tmp;
            }
            cachedPermutation = p;
            cachedEpoch = epoch;
        }
        return cachedPermutation;
    }
}
