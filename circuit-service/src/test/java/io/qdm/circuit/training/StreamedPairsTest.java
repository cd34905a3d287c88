package io.qdm.circuit.training;

import io.qdm.simulator.model.TrainingSample;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StreamedPairsTest {

    /** A stream of 2 epochs × 3 batches × 2 timesteps; batch i's single pair holds the amplitude i. */
    private static final int EPOCHS = 2;
    private static final int BATCHES = 3;
    private static final int TIMESTEPS = 2;
    private final List<Long> opens = new ArrayList<>();

    private Iterator<StreamedPairs.PairBatch> open(long start) {
        opens.add(start);
        long total = (long) EPOCHS * BATCHES * TIMESTEPS;
        return LongStream.range(start, total).mapToObj(i -> new StreamedPairs.PairBatch(i, total,
                (int) (i / (BATCHES * TIMESTEPS)), (int) (i % TIMESTEPS),
                new double[][] {{i, 0, 0, 0}}, new double[][] {{0, 0, i, 0}}, new int[] {(int) i % 10})).iterator();
    }

    @Test
    void readsTheStreamSequentiallyInTheTrainersOrderAndMapsPairs() {
        StreamedPairs pairs = new StreamedPairs(this::open, EPOCHS, TIMESTEPS, 0, 1);
        assertThat(pairs.batchesPerEpoch()).isEqualTo(BATCHES);
        for (int e = 0; e < EPOCHS; e++) {
            for (int b = 0; b < BATCHES; b++) {
                for (int t = 0; t < TIMESTEPS; t++) {
                    TrainingSample s = pairs.pairs(e, b, t).get(0);
                    long index = ((long) e * BATCHES + b) * TIMESTEPS + t;
                    assertThat(s.input().re(0)).isEqualTo(index);
                    assertThat(s.target().re(1)).isEqualTo(index);
                    assertThat(s.timestep()).isEqualTo(t);
                    assertThat(s.label()).isEqualTo((int) index % 10);
                }
            }
        }
        assertThat(opens).as("one stream for the whole run").containsExactly(0L);
    }

    @Test
    void aResumedRunReopensTheStreamAtItsBatchIndex() {
        StreamedPairs pairs = new StreamedPairs(this::open, EPOCHS, TIMESTEPS, 0, 1);
        assertThat(pairs.pairs(1, 1, 0).get(0).input().re(0)).isEqualTo(8);
        assertThat(pairs.pairs(1, 1, 1).get(0).input().re(0)).isEqualTo(9);
        assertThat(opens).containsExactly(0L, 8L);
    }

    @Test
    void aStreamThatDoesNotFitTheRunIsRefusedWithTheReason() {
        assertThatThrownBy(() -> new StreamedPairs(this::open, 5, TIMESTEPS, 0, 1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("noise-service announced 12 batches, which is not 5 epochs × 2 timesteps × a whole number of batches");
        StreamedPairs shifted = new StreamedPairs(this::open, EPOCHS, TIMESTEPS, 1, 1);
        assertThatThrownBy(() -> shifted.pairs(0, 0, 0)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("where batch 0 (epoch 0, timestep 0) was expected");
    }
}
