package io.qdm.noise.service;

import io.qdm.datasets.DatasetId;
import io.qdm.datasets.DatasetSplit;
import io.qdm.datasets.ImageDataset;
import io.qdm.noise.TestData;
import io.qdm.noise.config.NoiseConfig;
import io.qdm.noise.preprocess.DatasetRequest;
import io.qdm.noise.preprocess.DatasetSubset;
import io.qdm.noise.preprocess.EncodedDataset;
import io.qdm.noise.preprocess.ImageEncoding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatasetSourceTest {

    private static ImageDataset images(int count) {
        SplittableRandom rnd = new SplittableRandom(3);
        byte[] pixels = new byte[count * 28 * 28];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) rnd.nextInt(256);
        }
        byte[] labels = new byte[count];
        for (int i = 0; i < count; i++) {
            labels[i] = (byte) ((i * 7) % 10);
        }
        return new ImageDataset(DatasetId.MNIST, DatasetSplit.TRAIN, count, 28, 28, pixels, labels);
    }

    /** The shortcut (filter, subset, encode the chosen) equals the definition (encode the kept, then subset). */
    @Test
    void encodingOnlyTheChosenImagesEqualsEncodingAllThenDrawingTheSubset() {
        ImageDataset raw = images(60);
        for (int side : new int[] {28, 16, 8}) {
            for (int limit : new int[] {0, 1, 5, 12}) {
                DatasetRequest request = new DatasetRequest("mnist", "train", Set.of(1, 4, 7), side, limit, 17);
                EncodedDataset all = ImageEncoding.encode("mnist", raw.pixels(), raw.labels(), raw.count(), 28, 28, side,
                        Set.of(1, 4, 7));
                EncodedDataset expected = DatasetSubset.select(all, limit, 17);

                EncodedDataset actual = DatasetSource.encodeImages(raw, request, Long.MAX_VALUE);

                assertThat(actual.dimension()).isEqualTo(side * side);
                assertThat(actual.labels()).as("side %d limit %d", side, limit).containsExactly(expected.labels());
                assertThat(actual.amplitudes()).as("side %d limit %d", side, limit).containsExactly(expected.amplitudes());
            }
        }
    }

    @Test
    void aDatasetAboveTheMemoryLimitIsRefusedNamingTheLimit() {
        DatasetRequest request = new DatasetRequest("mnist", "train", Set.of(), 16, 0, 0);
        assertThatThrownBy(() -> DatasetSource.encodeImages(images(10), request, 2000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("dataset.limit: 10 images of 16x16 are 2560 amplitudes, above this service's limit of 2000 "
                        + "(qdm.noise.limits.max-dataset-amplitudes); set dataset.limit or a smaller resolution");
    }

    @Test
    void latentLabelFilterAndSubsetFollowTheSameDraw() {
        EncodedDataset latents = TestData.latents(30);
        DatasetRequest request = new DatasetRequest("latent", "", Set.of(2, 5), 0, 4, 9);
        EncodedDataset kept = latents.select(new int[] {2, 5, 12, 15, 22, 25}, "kept");

        EncodedDataset actual = DatasetSource.filterAndSubset(latents, request);

        EncodedDataset expected = DatasetSubset.select(kept, 4, 9);
        assertThat(actual.amplitudes()).containsExactly(expected.amplitudes());
        assertThat(actual.labels()).containsExactly(expected.labels());
    }

    @Test
    void missingFilesAreUnavailableNamingTheFileAndTheFix(@TempDir Path dir) throws Exception {
        DatasetSource source = new DatasetSource(dir, latent(Optional.of(dir.resolve("nope.f64").toString())), 1L << 26, 2);
        assertThatThrownBy(() -> source.load(new DatasetRequest("fashion-mnist", "test", Set.of(), 8, 0, 0)))
                .isInstanceOf(DatasetUnavailableException.class)
                .hasMessageStartingWith("fashion-mnist test images: " + dir.resolve("fashion-mnist")
                        .resolve("t10k-images-idx3-ubyte.gz") + " is missing. Fix: run `./qdm data fetch --dataset "
                        + "fashion-mnist --dir " + dir + "`");
        assertThatThrownBy(() -> source.load(new DatasetRequest("latent", "", Set.of(), 0, 0, 0)))
                .isInstanceOf(DatasetUnavailableException.class)
                .hasMessageStartingWith("latent dataset: " + dir.resolve("nope.f64") + " is missing.");
        assertThat(source.list()).isEmpty();
        Files.writeString(dir.resolve("nope.f64"), "x");
        assertThat(source.list()).isEmpty();
    }

    static NoiseConfig.Latent latent(Optional<String> vectors) {
        return new NoiseConfig.Latent() {
            @Override
            public Optional<String> vectorsPath() {
                return vectors;
            }

            @Override
            public Optional<String> labelsPath() {
                return Optional.empty();
            }

            @Override
            public Optional<String> sha256() {
                return Optional.empty();
            }

            @Override
            public int dimension() {
                return 8;
            }
        };
    }
}
