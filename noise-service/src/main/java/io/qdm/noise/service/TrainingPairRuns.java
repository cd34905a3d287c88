package io.qdm.noise.service;

import io.qdm.noise.PairRun;
import io.qdm.noise.config.NoiseConfig;
import io.qdm.noise.noise.ForwardProcess;
import io.qdm.noise.pairs.TrainingPairMaker;
import io.qdm.noise.pairs.TrainingPairStream;
import io.qdm.noise.preprocess.EncodedDataset;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Opens the {@link TrainingPairStream} of a run after checking the request against this service's limits. Both
 * transports use it: the gRPC stream produces batches on demand, the Kafka worker a bounded number per request.
 */
@ApplicationScoped
public class TrainingPairRuns {

    private final DatasetSource datasets;
    private final int maxBatchSize;

    @Inject
    public TrainingPairRuns(DatasetSource datasets, NoiseConfig config) {
        this(datasets, config.limits().maxPairBatchSize());
    }

    public TrainingPairRuns(DatasetSource datasets, int maxBatchSize) {
        this.datasets = datasets;
        this.maxBatchSize = maxBatchSize;
    }

    /** An opened run: the stream and the batch range [first, stream.batchesTotal()) to produce. */
    public record OpenRun(TrainingPairStream stream, long firstBatch, int dimension) {
        public long remaining() {
            return stream.batchesTotal() - firstBatch;
        }
    }

    /**
     * @throws IllegalArgumentException    naming the field at fault (batch_size, epochs, timesteps[i], start_batch_index,
     *                                     dataset.*, schedule.*)
     * @throws DatasetUnavailableException if the dataset's files are missing or corrupt
     */
    public OpenRun open(PairRun run) {
        if (run.batchSize() < 1 || run.batchSize() > maxBatchSize) {
            throw new IllegalArgumentException("batch_size: must be in [1, " + maxBatchSize + "], got " + run.batchSize()
                    + " (qdm.noise.limits.max-pair-batch-size)");
        }
        if (run.epochs() < 1) {
            throw new IllegalArgumentException("epochs: must be at least 1, got " + run.epochs());
        }
        ForwardProcess process = run.process().build();
        TrainingPairMaker maker = new TrainingPairMaker(process, run.kind());
        EncodedDataset data = datasets.load(run.dataset());
        TrainingPairStream stream = new TrainingPairStream(data, maker, run.seed(), run.dataset().subsetSeed(),
                run.batchSize(), run.epochs(), run.timesteps());
        if (run.startBatchIndex() < 0 || run.startBatchIndex() >= stream.batchesTotal()) {
            throw new IllegalArgumentException("start_batch_index: " + run.startBatchIndex() + " is out of range [0, "
                    + stream.batchesTotal() + ")");
        }
        return new OpenRun(stream, run.startBatchIndex(), data.dimension());
    }
}
