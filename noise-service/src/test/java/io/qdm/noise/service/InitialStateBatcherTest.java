package io.qdm.noise.service;

import io.qdm.noise.GenerationPlan;
import io.qdm.noise.InitialStateBatch;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InitialStateBatcherTest {

    private static final double NORM_TOLERANCE = 1e-12;
    private final InitialStateBatcher batcher = new InitialStateBatcher();

    private static GenerationPlan plan(long count, int batchSize, int[] labels) {
        int batches = (int) ((count + batchSize - 1) / batchSize);
        return new GenerationPlan("job-7", 8, count, labels, batchSize, batches, 42L);
    }

    @Test
    void splitsRowsAndLabelsIntoThePlannedBatches() {
        List<InitialStateBatch> batches = batcher.batches(plan(5, 2, new int[] {3, 1, 4, 1, 5}));
        assertThat(batches).extracting(InitialStateBatch::batchIndex).containsExactly(0, 1, 2);
        assertThat(batches).extracting(InitialStateBatch::firstSampleIndex).containsExactly(0L, 2L, 4L);
        assertThat(batches).extracting(b -> b.states().length).containsExactly(2, 2, 1);
        assertThat(batches.get(1).labels()).containsExactly(4, 1);
        assertThat(batches.get(2).labels()).containsExactly(5);
        for (InitialStateBatch b : batches) {
            for (double[] row : b.states()) {
                assertThat(row).hasSize(16);
                double norm2 = 0;
                for (double v : row) {
                    norm2 += v * v;
                }
                assertThat(norm2).isCloseTo(1.0, org.assertj.core.data.Offset.offset(NORM_TOLERANCE));
            }
        }
    }

    @Test
    void rowsAreIdenticalHoweverTheJobIsBatched() {
        List<double[]> oneBatch = rows(batcher.batches(plan(9, 9, new int[0])));
        List<double[]> smallBatches = rows(batcher.batches(plan(9, 4, new int[0])));
        assertThat(smallBatches).hasSize(9);
        for (int i = 0; i < 9; i++) {
            assertThat(smallBatches.get(i)).as("row %d", i).containsExactly(oneBatch.get(i));
        }
        // different rows really differ (the draw depends on the sample index)
        assertThat(oneBatch.get(0)).isNotEqualTo(oneBatch.get(1));
    }

    @Test
    void invalidPlansAreRejectedNamingTheField() {
        assertThatThrownBy(() -> batcher.batches(new GenerationPlan("j", 6, 4, new int[0], 2, 2, 1)))
                .hasMessage("state_dimension: must be a power of two in [2, 4096], got 6");
        assertThatThrownBy(() -> batcher.batches(new GenerationPlan("j", 8, 5, new int[0], 2, 2, 1)))
                .hasMessage("batches_total: 2 does not match count 5 / batch_size 2 = 3 batches");
        assertThatThrownBy(() -> batcher.batches(new GenerationPlan("j", 8, 2, new int[] {1}, 2, 1, 1)))
                .hasMessage("labels: expected none or one per sample (2), got 1");
        assertThatThrownBy(() -> batcher.batches(new GenerationPlan("", 8, 2, new int[0], 2, 1, 1)))
                .hasMessage("job_id: missing");
        assertThatThrownBy(() -> batcher.batches(new GenerationPlan("j", 8, 0, new int[0], 2, 0, 1)))
                .hasMessage("count: must be at least 1, got 0");
    }

    private static List<double[]> rows(List<InitialStateBatch> batches) {
        List<double[]> rows = new ArrayList<>();
        batches.forEach(b -> rows.addAll(List.of(b.states())));
        return rows;
    }
}
