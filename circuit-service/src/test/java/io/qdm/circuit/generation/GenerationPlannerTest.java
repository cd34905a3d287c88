package io.qdm.circuit.generation;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GenerationPlannerTest {

    private static final ModelShape CONDITIONED = new ModelShape("conditioned-latent", "1", 8, 10, 8);
    private static final ModelShape UNCONDITIONED = new ModelShape("latent", "2", 8, 0, 8);
    private final GenerationPlanner planner = new GenerationPlanner();

    private static GenerationOrder order(long count, int[] labels, double[] weights, int batchSize) {
        return new GenerationOrder("job-1", "req-1", "conditioned-latent", "", count, labels, weights, 99L, batchSize);
    }

    @Test
    void oneLabelIsBroadcastAndTheBatchPlanCoversEverySample() {
        GenerationPlan plan = planner.plan(order(5, new int[] {7}, null, 2), CONDITIONED);
        assertThat(plan.labels()).containsExactly(7, 7, 7, 7, 7);
        assertThat(plan.batchSize()).isEqualTo(2);
        assertThat(plan.batchesTotal()).isEqualTo(3);
        assertThat(plan.stateDimension()).isEqualTo(8);
        assertThat(plan.modelVersion()).isEqualTo("1");
        assertThat(planner.plan(order(600, new int[] {1}, null, 0), CONDITIONED).batchesTotal()).isEqualTo(3);
    }

    @Test
    void drawnLabelsFollowTheWeightsAndNeverDependOnTheJobSize() {
        double[] onlyTwo = new double[10];
        onlyTwo[2] = 3.0;
        assertThat(planner.plan(order(50, null, onlyTwo, 0), CONDITIONED).labels()).containsOnly(2);

        int[] big = planner.plan(order(20_000, null, new double[0], 0), CONDITIONED).labels();
        int[] counts = new int[10];
        for (int l : big) {
            counts[l]++;
        }
        // uniform over 10 labels: each count ~ Binomial(20000, 0.1), sd ~ 42; 6 sd bound
        for (int c : counts) {
            assertThat(c).isBetween(2000 - 255, 2000 + 255);
        }
        int[] small = planner.plan(order(100, null, new double[0], 0), CONDITIONED).labels();
        assertThat(small).containsExactly(Arrays.copyOf(big, 100));
    }

    @Test
    void badOrdersAreRejectedNamingTheField() {
        assertThatThrownBy(() -> planner.plan(order(0, new int[] {1}, null, 0), CONDITIONED))
                .hasMessage("count: must be in [1, 1000000], got 0");
        assertThatThrownBy(() -> planner.plan(order(3, new int[] {1, 2}, null, 0), CONDITIONED))
                .hasMessage("labels: expected 1 label or one per sample (3), got 2");
        assertThatThrownBy(() -> planner.plan(order(2, new int[] {1, 12}, null, 0), CONDITIONED))
                .hasMessage("labels: label 12 at index 1 is outside 0..9 of model conditioned-latent");
        assertThatThrownBy(() -> planner.plan(order(2, new int[] {1}, null, 0), UNCONDITIONED))
                .hasMessage("labels: model latent/2 is unconditioned and takes no labels");
        assertThatThrownBy(() -> planner.plan(order(2, null, new double[] {1, 2}, 0), CONDITIONED))
                .hasMessage("class_distribution.weights: expected 10 weights, got 2");
        assertThatThrownBy(() -> planner.plan(order(2, null, new double[10], 0), CONDITIONED))
                .hasMessage("class_distribution.weights: all weights are zero");
        assertThatThrownBy(() -> planner.plan(order(2, new int[] {1}, null, 5000), CONDITIONED))
                .hasMessage("batch_size: must be in [1, 4096] (0 = default 256), got 5000");
    }

    @Test
    void unconditionedModelsGetNoLabels() {
        assertThat(planner.plan(order(4, null, null, 0), UNCONDITIONED).labels()).isEmpty();
    }
}
