package io.qdm.circuit.service;

import io.qdm.circuit.TestModels;
import io.qdm.circuit.registry.RegisteredModel;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static io.qdm.circuit.TestModels.randomStates;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reverse chain of a sample is bit-identical whether it runs in a batch of thousands (many tiles, both threads
 * claiming them) or in small batches, step by step or all steps at once: what makes the gRPC and Kafka paths agree.
 */
class LargeBatchDeterminismTest {

    @Test
    void aLargeMultiThreadedBatchEqualsSmallBatchesBitForBit() {
        RegisteredModel model = TestModels.conditioned();
        int n = 1000;
        double[][] x = randomStates(n, 8, 99);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = (i * 7) % 10;
        }
        double[][] large;
        try (ReverseProcess two = new ReverseProcess(2)) {
            large = x;
            for (int t = 8; t >= 1; t--) {
                large = two.denoise(model, large, labels, t, 1, 5, 0);
            }
        }
        try (ReverseProcess one = new ReverseProcess(1)) {
            for (int first = 0; first < n; first += 10) {
                double[][] small = one.denoise(model, Arrays.copyOfRange(x, first, first + 10),
                        Arrays.copyOfRange(labels, first, first + 10), 8, 8, 5, first);
                for (int i = 0; i < 10; i++) {
                    assertThat(small[i]).as("sample %d", first + i).containsExactly(large[first + i]);
                }
            }
            // single samples run on 4-lane tiles (ReverseProcess.lanesFor), the batch of 1000 on 32-lane tiles
            for (int i : new int[] {0, 333, 999}) {
                double[][] alone = one.denoise(model, new double[][] {x[i]}, new int[] {labels[i]}, 8, 8, 5, i);
                assertThat(alone[0]).as("sample %d alone", i).containsExactly(large[i]);
            }
        }
        assertThat(new int[] {ReverseProcess.lanesFor(1), ReverseProcess.lanesFor(4), ReverseProcess.lanesFor(5),
                ReverseProcess.lanesFor(10), ReverseProcess.lanesFor(17), ReverseProcess.lanesFor(1000)})
                .containsExactly(4, 4, 8, 16, 32, 32);
    }
}
