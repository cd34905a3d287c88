package io.qdm.latent.training;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class SeededSplitTest {

    @Test
    void eightyTwentySplitOfAllImagesIsAReproduciblePartition() {
        SeededSplit a = SeededSplit.of(70_000, 0, 0.2, 42);
        SeededSplit b = SeededSplit.of(70_000, 0, 0.2, 42);
        assertThat(a.train()).hasSize(56_000).isEqualTo(b.train());
        assertThat(a.validation()).hasSize(14_000).isEqualTo(b.validation());
        int[] all = IntStream.concat(Arrays.stream(a.train()), Arrays.stream(a.validation())).sorted().toArray();
        assertThat(all).isEqualTo(IntStream.range(0, 70_000).toArray());
        assertThat(SeededSplit.of(70_000, 0, 0.2, 43).validation()).isNotEqualTo(a.validation());
        // A random split draws validation images from both original MNIST files.
        assertThat(Arrays.stream(a.validation()).filter(i -> i >= 60_000).count()).isBetween(1_800L, 2_200L);
    }

    @Test
    void limitKeepsASeededSubset() {
        SeededSplit s = SeededSplit.of(70_000, 256, 0.2, 42);
        assertThat(s.train()).hasSize(205);
        assertThat(s.validation()).hasSize(51);
        assertThat(IntStream.concat(Arrays.stream(s.train()), Arrays.stream(s.validation())).distinct().count())
                .isEqualTo(256);
    }

    @Test
    void stepLrDecaysEveryTwentyEpochs() {
        StepLrSchedule lr = new StepLrSchedule(1e-3, 20, 0.7);
        assertThat(lr.rateAt(0)).isEqualTo(1e-3f);
        assertThat(lr.rateAt(19)).isEqualTo(1e-3f);
        assertThat(lr.rateAt(20)).isEqualTo((float) (1e-3 * 0.7));
        assertThat(lr.rateAt(45)).isCloseTo(4.9e-4f, org.assertj.core.data.Offset.offset(1e-10f));
        lr.setEpoch(20);
        assertThat(lr.getNewValue(0)).isEqualTo(lr.getNewValue(123_456)).isEqualTo((float) (1e-3 * 0.7));
    }
}
