package io.qdm.latent.training;

import io.qdm.datasets.DataDirectory;
import io.qdm.latent.model.AutoencoderModel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Tiny real-MNIST training runs (256 images, batch 32, one pinned thread): seconds each. */
class AutoencoderTrainerTest {
    private static MnistImages mnist;

    @BeforeAll
    static void data() {
        String dir = System.getProperty("qdm.data.dir");
        mnist = MnistImages.loadMerged(dir != null ? Path.of(dir) : DataDirectory.resolveDefault());
    }

    static TrainingConfig tiny(int epochs, long seed) {
        return TrainingConfig.authors().withEpochs(epochs).withLimit(256).withSeed(seed);
    }

    static String weightsHash(Path out) throws IOException {
        return AutoencoderModel.sha256(out.resolve("checkpoint/last").resolve(AutoencoderModel.weightsFileName()));
    }

    @Test
    void aFixedSeedReproducesTheSameWeightsHash(@TempDir Path a, @TempDir Path b, @TempDir Path c)
            throws IOException {
        TrainingResult ra = AutoencoderTrainer.train(mnist, tiny(1, 42), a, false, TrainingProgress.NONE);
        TrainingResult rb = AutoencoderTrainer.train(mnist, tiny(1, 42), b, false, TrainingProgress.NONE);
        AutoencoderTrainer.train(mnist, tiny(1, 43), c, false, TrainingProgress.NONE);
        assertThat(weightsHash(a)).isEqualTo(weightsHash(b)).isNotEqualTo(weightsHash(c));
        assertThat(ra.history().get(0).trainHuber()).isEqualTo(rb.history().get(0).trainHuber());
        assertThat(ra.split().train()).hasSize(205);
        assertThat(ra.split().validation()).hasSize(51);
    }

    @Test
    void trainingLowersTheLossAndKeepsTheBestCheckpointAndResumeContinuesTheEpochCount(@TempDir Path out)
            throws IOException {
        List<EpochResult> epochs = new ArrayList<>();
        List<Double> etas = new ArrayList<>();
        TrainingProgress p = new TrainingProgress() {
            @Override
            public void onBatch(int epoch, int total, int batch, int batches, double loss, double ips, double eta) {
                assertThat(ips).isPositive();
                etas.add(eta);
            }

            @Override
            public void onEpoch(EpochResult r) {
                epochs.add(r);
            }
        };
        TrainingResult first = AutoencoderTrainer.train(mnist, tiny(2, 42), out, false, p);
        assertThat(epochs).extracting(EpochResult::epoch).containsExactly(1, 2);
        // 205 training images / 32 = 6 full batches + a batch of 13 → 7 per epoch; ETA reaches 0 at the end.
        assertThat(etas).hasSize(14);
        assertThat(etas.get(13)).isEqualTo(0.0);
        assertThat(epochs.get(1).trainHuber()).isLessThan(epochs.get(0).trainHuber());
        int best = epochs.get(0).validation().huber() <= epochs.get(1).validation().huber() ? 1 : 2;
        assertThat(first.bestEpoch()).isEqualTo(best);
        assertThat(first.bestValidation().huber()).isEqualTo(epochs.get(best - 1).validation().huber());
        // Huber with delta 1 on [0,1] pixels is exactly half the MSE.
        assertThat(first.bestValidation().huber()).isCloseTo(first.bestValidation().mse() / 2, org.assertj.core.data.Offset.offset(1e-12));

        epochs.clear();
        TrainingResult resumed = AutoencoderTrainer.train(mnist, tiny(3, 42), out, true, p);
        assertThat(epochs).extracting(EpochResult::epoch).containsExactly(3);
        assertThat(resumed.epochsCompleted()).isEqualTo(3);
        assertThat(TrainingCheckpoint.read(out.resolve("checkpoint/last")).epochsCompleted()).isEqualTo(3);

        assertThatThrownBy(() -> AutoencoderTrainer.train(mnist, tiny(4, 43), out, true, p))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("seed=42")
                .hasMessageContaining("seed=43");
    }
}
