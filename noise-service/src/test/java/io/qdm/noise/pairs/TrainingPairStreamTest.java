package io.qdm.noise.pairs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import static io.qdm.noise.TestData.latents;

import io.qdm.noise.Tolerances;
import io.qdm.noise.noise.ForwardProcess;
import io.qdm.noise.preprocess.EncodedDataset;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TrainingPairStreamTest {

    private static TrainingPairStream stream(EncodedDataset d) {
        return new TrainingPairStream(d, new TrainingPairMaker(ForwardProcess.authorsLatent(), PairKind.ONE_STEP), 42,
                7, 16, 3, new int[0]);
    }

    @Test
    void layoutFollowsTheAuthorsLoop() {
        TrainingPairStream s = stream(latents(100));
        // 100 / 16 = 6 batches per epoch (drop_last), 8 timesteps 0..7, 3 epochs
        assertThat(s.batchesTotal()).isEqualTo(3 * 6 * 8);
        assertThat(s.timesteps()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
        PairBatch b0 = s.batch(0);
        PairBatch b1 = s.batch(1);
        PairBatch b8 = s.batch(8);
        assertThat(b0.timestep()).isZero();
        assertThat(b1.timestep()).isEqualTo(1);
        assertThat(b1.datasetIndices()).containsExactly(b0.datasetIndices()); // same x0 batch, next timestep
        assertThat(b8.timestep()).isZero();
        assertThat(b8.datasetIndices()).doesNotContain(b0.datasetIndices()[0]);
        assertThat(s.batch(48).epoch()).isEqualTo(1);
        assertThat(b0.size()).isEqualTo(16);
        assertThat(b0.batchesTotal()).isEqualTo(144);
    }

    @Test
    void eachEpochIsAFreshPermutationWithoutRepeats() {
        TrainingPairStream s = stream(latents(100));
        Set<Integer> epoch0 = new HashSet<>();
        Set<Integer> epoch1 = new HashSet<>();
        int[] firstOfEpoch1 = s.batch(48).datasetIndices();
        for (int b = 0; b < 6; b++) {
            for (int i : s.batch(b * 8L).datasetIndices()) {
                assertThat(epoch0.add(i)).as("index %d repeated in epoch 0", i).isTrue();
            }
            for (int i : s.batch(48 + b * 8L).datasetIndices()) {
                assertThat(epoch1.add(i)).isTrue();
            }
        }
        assertThat(epoch0).hasSize(96);
        assertThat(firstOfEpoch1).isNotEqualTo(s.batch(0).datasetIndices());
    }

    @Test
    void anyBatchIsByteIdenticalWhetherStreamedInOrderOrAlone() {
        EncodedDataset d = latents(100);
        TrainingPairStream inOrder = stream(d);
        byte[][] sequential = new byte[(int) inOrder.batchesTotal()][];
        for (int b = 0; b < inOrder.batchesTotal(); b++) {
            PairBatch p = inOrder.batch(b);
            sequential[b] = concat(Tolerances.bytes(p.inputs()), Tolerances.bytes(p.targets()));
        }
        // resumed at an arbitrary index, in reverse, from a fresh stream each time: the same bytes
        for (long b : new long[] {143, 77, 48, 9, 0}) {
            PairBatch p = stream(d).batch(b);
            assertThat(concat(Tolerances.bytes(p.inputs()), Tolerances.bytes(p.targets())))
                    .as("batch %d", b).isEqualTo(sequential[(int) b]);
        }
        assertThat(sequential[0]).isNotEqualTo(sequential[1]);
    }

    @Test
    void badRequestsNameTheField() {
        EncodedDataset d = latents(10);
        TrainingPairMaker m = new TrainingPairMaker(ForwardProcess.authorsLatent(), PairKind.ONE_STEP);
        assertThatThrownBy(() -> new TrainingPairStream(d, m, 1, 1, 64, 1, new int[0]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("batch_size: 64 is larger than the dataset (10 samples of test-latents)");
        assertThatThrownBy(() -> new TrainingPairStream(d, m, 1, 1, 0, 1, new int[0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("batch_size: must be in [1, ");
        assertThatThrownBy(() -> new TrainingPairStream(d, m, 1, 1, 2, 0, new int[0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("epochs: must be at least 1, got 0");
        assertThatThrownBy(() -> new TrainingPairStream(d, m, 1, 1, 2, 1, new int[] {0, 8}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("timesteps[1]: 8 is out of range [0, 7] for ONE_STEP pairs with T = 8");
        TrainingPairStream s = new TrainingPairStream(d, m, 1, 1, 2, 1, new int[] {3});
        assertThat(s.batchesTotal()).isEqualTo(5);
        assertThatThrownBy(() -> s.batch(5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("start_batch_index: 5 is out of range [0, 5)");
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
