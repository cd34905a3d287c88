package io.qdm.circuit.training;

import io.qdm.circuit.service.ReverseProcess;
import io.qdm.simulator.model.TrainingSample;
import io.qdm.simulator.train.TrainingPairSource;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Training pairs read from noise-service's pair stream. The stream's order is the trainer's order (for each epoch,
 * each batch, each timestep ascending: one batch of pairs per optimiser step in the authors' pattern), so pairs are
 * read sequentially; a request out of sequence (a resumed run) reopens the stream at that batch index, which
 * noise-service serves byte-identically.
 */
public final class StreamedPairs implements TrainingPairSource {

    /** One batch of the stream. Rows are interleaved (re, im) amplitudes. */
    public record PairBatch(long index, long batchesTotal, int epoch, int timestep, double[][] inputs,
                            double[][] targets, int[] labels) {
    }

    /** Opens the stream at a batch index. */
    @FunctionalInterface
    public interface Opener {
        Iterator<PairBatch> open(long startBatchIndex);
    }

    private final Opener opener;
    private final int epochs;
    private final int timesteps;
    private final int batchSize;
    private final int timestepOffset;
    private final int batchesPerEpoch;
    private Iterator<PairBatch> stream;
    private PairBatch peeked;
    private long nextIndex;

    /**
     * @param timesteps      the timesteps per batch the stream was asked for (ascending)
     * @param timestepOffset the stream's timestep for the trainer's timestep 0 (0 for one-step pairs, whose indices
     *                       are 0..T−1; 1 for posterior-mean pairs, 1..T)
     * @throws IllegalStateException when the stream is empty or its length does not fit epochs × timesteps
     */
    public StreamedPairs(Opener opener, int epochs, int timesteps, int timestepOffset, int batchSize) {
        this.opener = opener;
        this.timestepOffset = timestepOffset;
        this.epochs = epochs;
        this.timesteps = timesteps;
        this.batchSize = batchSize;
        this.stream = opener.open(0);
        if (!stream.hasNext()) {
            throw new IllegalStateException("noise-service sent no training pairs");
        }
        this.peeked = stream.next();
        long perEpoch = peeked.batchesTotal() / ((long) epochs * timesteps);
        if (perEpoch < 1 || perEpoch * epochs * timesteps != peeked.batchesTotal()) {
            throw new IllegalStateException("noise-service announced " + peeked.batchesTotal() + " batches, which is not "
                    + epochs + " epochs × " + timesteps + " timesteps × a whole number of batches");
        }
        this.batchesPerEpoch = Math.toIntExact(perEpoch);
    }

    @Override
    public int batchesPerEpoch() {
        return batchesPerEpoch;
    }

    @Override
    public int batchSize() {
        return batchSize;
    }

    @Override
    public synchronized List<TrainingSample> pairs(int epoch, int batch, int timestep) {
        long index = ((long) epoch * batchesPerEpoch + batch) * timesteps + timestep;
        PairBatch b = next(index);
        if (b.index() != index || b.epoch() != epoch || b.timestep() != timestep + timestepOffset) {
            throw new IllegalStateException("noise-service sent batch " + b.index() + " (epoch " + b.epoch()
                    + ", timestep " + b.timestep() + ") where batch " + index + " (epoch " + epoch + ", timestep "
                    + timestep + ") was expected");
        }
        List<TrainingSample> out = new ArrayList<>(b.inputs().length);
        for (int i = 0; i < b.inputs().length; i++) {
            out.add(new TrainingSample(ReverseProcess.toVector(b.inputs()[i]), ReverseProcess.toVector(b.targets()[i]), b.labels()[i], timestep));
        }
        return out;
    }

    private PairBatch next(long index) {
        if (peeked != null && peeked.index() == index) {
            PairBatch b = peeked;
            peeked = null;
            nextIndex = index + 1;
            return b;
        }
        if (peeked != null || index != nextIndex) {
            peeked = null;
            stream = opener.open(index);
        }
        if (!stream.hasNext()) {
            throw new IllegalStateException("noise-service's pair stream ended before batch " + index);
        }
        nextIndex = index + 1;
        return stream.next();
    }
}
