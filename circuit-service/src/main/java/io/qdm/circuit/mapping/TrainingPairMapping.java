package io.qdm.circuit.mapping;

import io.qdm.circuit.training.StreamedPairs;
import io.qdm.proto.noise.v1.TrainingPairBatch;
import io.qdm.wire.Tensors;

import java.util.Iterator;

/** noise-service's TrainingPairBatch stream → the trainer's pair batches. */
public final class TrainingPairMapping {

    private TrainingPairMapping() {
    }

    public static Iterator<StreamedPairs.PairBatch> batches(Iterator<TrainingPairBatch> stream, int dimension) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return stream.hasNext();
            }

            @Override
            public StreamedPairs.PairBatch next() {
                TrainingPairBatch b = stream.next();
                return new StreamedPairs.PairBatch(b.getBatchIndex(), b.getBatchesTotal(), b.getEpoch(), b.getTimestep(),
                        Tensors.decodeComplexRows(b.getInputs(), "inputs", dimension),
                        Tensors.decodeComplexRows(b.getTargets(), "targets", dimension),
                        Tensors.decodeInt32(b.getLabels(), "labels"));
            }
        };
    }
}
