package io.qdm.latent.export;

import io.qdm.datasets.DataDirectory;
import io.qdm.latent.model.AutoencoderModel;
import io.qdm.latent.training.MnistImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class LatentDatasetTest {

    @Test
    void exportWritesLittleEndianLatentsAndLabelsWithMatchingHashes(@TempDir Path dir) throws IOException {
        String dataDir = System.getProperty("qdm.data.dir");
        MnistImages all = MnistImages.loadMerged(dataDir != null ? Path.of(dataDir) : DataDirectory.resolveDefault());
        int n = AutoencoderModel.CHUNK + 44; // crosses a chunk boundary
        MnistImages some = new MnistImages(Arrays.copyOf(all.pixels(), n * 784), Arrays.copyOf(all.labels(), n), n,
                all.sha256());
        try (AutoencoderModel model = AutoencoderModel.loadShipped()) {
            LatentDataset meta = LatentDataset.export(model, some, dir);
            assertThat(LatentDataset.read(dir.resolve(LatentDataset.SIDECAR))).isEqualTo(meta);
            assertThat(meta.count()).isEqualTo(n);
            assertThat(meta.latentDim()).isEqualTo(8);
            assertThat(meta.weightsSha256()).isEqualTo(model.manifest().weights().sha256());
            Path latents = dir.resolve(meta.latentsFile());
            Path labels = dir.resolve(meta.labelsFile());
            assertThat(AutoencoderModel.sha256(latents)).isEqualTo(meta.latentsSha256());
            assertThat(AutoencoderModel.sha256(labels)).isEqualTo(meta.labelsSha256());
            ByteBuffer z = ByteBuffer.wrap(Files.readAllBytes(latents)).order(ByteOrder.LITTLE_ENDIAN);
            ByteBuffer l = ByteBuffer.wrap(Files.readAllBytes(labels)).order(ByteOrder.LITTLE_ENDIAN);
            assertThat(z.capacity()).isEqualTo(n * 8 * 8);
            assertThat(l.capacity()).isEqualTo(n * 4);
            for (int i : new int[] {0, 1, AutoencoderModel.CHUNK, n - 1}) {
                double[] expected = model.encode(new double[][] {some.image(i)})[0];
                double[] row = new double[8];
                for (int j = 0; j < 8; j++) {
                    row[j] = z.getDouble((i * 8 + j) * 8);
                }
                // Same image alone vs inside a 256-image chunk: float32 kernels may round differently per batch size.
                assertThat(row).usingComparatorWithPrecision(1e-6).containsExactly(expected);
                assertThat(l.getInt(i * 4)).isEqualTo(some.label(i));
            }
            assertThat(l.getInt(0)).isEqualTo(5); // the first MNIST training image is a 5
        }
    }
}
