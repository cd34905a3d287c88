package io.qdm.noise.preprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

class DatasetRequestTest {

    @Test
    void defaultsAndNormalisation() {
        DatasetRequest r = new DatasetRequest(" MNIST ", null, Set.of(1, 0), 0, 0, 3);
        assertThat(r.name()).isEqualTo("mnist");
        assertThat(r.split()).isEqualTo("train");
        assertThat(r.resolution()).isEqualTo(28);
        assertThat(r.labels()).containsExactlyInAnyOrder(0, 1);
        assertThat(new DatasetRequest("latent", "merged", Set.of(), 0, 2048, 1).resolution()).isZero();
    }

    @Test
    void everyBadFieldIsNamed() {
        assertThatThrownBy(() -> new DatasetRequest("cifar10", "train", Set.of(), 16, 0, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("dataset.name: unknown dataset 'cifar10' (expected mnist, fashion-mnist or latent)");
        assertThatThrownBy(() -> new DatasetRequest("mnist", "validation", Set.of(), 16, 0, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("dataset.split: unknown split 'validation' (expected train, test or merged)");
        assertThatThrownBy(() -> new DatasetRequest("mnist", "train", Set.of(10), 16, 0, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("dataset.labels: 10 is not a class label (expected 0..9)");
        assertThatThrownBy(() -> new DatasetRequest("mnist", "train", Set.of(), 12, 0, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("dataset.resolution: 12 is not supported (expected 28, 16 or 8)");
        assertThatThrownBy(() -> new DatasetRequest("latent", "train", Set.of(), 16, 0, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("dataset.resolution: must be 0 for latent datasets");
        assertThatThrownBy(() -> new DatasetRequest("mnist", "train", Set.of(), 8, -1, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("dataset.limit: must be >= 0, got -1");
    }
}
