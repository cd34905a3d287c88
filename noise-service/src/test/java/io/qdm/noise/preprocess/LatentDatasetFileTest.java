package io.qdm.noise.preprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LatentDatasetFileTest {
    @TempDir
    Path dir;

    private static byte[] f64(double... v) {
        ByteBuffer b = ByteBuffer.allocate(8 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (double d : v) {
            b.putDouble(d);
        }
        return b.array();
    }

    private static String sha(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    @Test
    void readsLittleEndianRowsLabelsAndChecksum() throws Exception {
        byte[] bytes = f64(0.6, 0.8, 0, 0, 1, 0, 0, 0, 0.5, 0.5, 0.5, 0.5);
        Path v = Files.write(dir.resolve("latent.f64"), bytes);
        Path l = Files.write(dir.resolve("labels.u8"), new byte[] {3, 1, 4});
        EncodedDataset d = LatentDatasetFile.read(v, l, 4, sha(bytes));
        assertThat(d.count()).isEqualTo(3);
        assertThat(d.row(0)).containsExactly(0.6, 0.8, 0, 0);
        assertThat(d.labels()).containsExactly(3, 1, 4);
        assertThat(LatentDatasetFile.read(v, null, 4, null).labels()).containsExactly(-1, -1, -1);
    }

    @Test
    void readsInt32LabelsAsLatentServiceExportsThem() throws Exception {
        Path v = Files.write(dir.resolve("latents.f64"), f64(0.6, 0.8, 0, 0, 1, 0, 0, 0));
        byte[] i32 = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(7).putInt(300).array();
        Path l = Files.write(dir.resolve("labels.i32"), i32);
        assertThat(LatentDatasetFile.read(v, l, 4, null).labels()).containsExactly(7, 300);
    }

    @Test
    void rejectsWrongChecksumLengthNanAndNonUnitRows() throws IOException {
        Path v = Files.write(dir.resolve("a.f64"), f64(1, 0, 0, 0));
        assertThatThrownBy(() -> LatentDatasetFile.read(v, null, 4, "00"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a.f64: SHA-256 is ")
                .hasMessageContaining("expected 00");
        assertThatThrownBy(() -> LatentDatasetFile.read(v, null, 3, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("32 bytes is not a whole number of 3-dim float64 rows");
        Path nan = Files.write(dir.resolve("nan.f64"), f64(1, Double.NaN, 0, 0));
        assertThatThrownBy(() -> LatentDatasetFile.read(nan, null, 4, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("latent:nan.f64[0]: element 1 is NaN "
                        + "(NaN and infinities are not valid amplitudes)");
        Path half = Files.write(dir.resolve("half.f64"), f64(0.5, 0, 0, 0));
        assertThatThrownBy(() -> LatentDatasetFile.read(half, null, 4, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("latent:half.f64[0]: norm 0.5 is not 1");
        Path l = Files.write(dir.resolve("l.u8"), new byte[] {1, 2});
        assertThatThrownBy(() -> LatentDatasetFile.read(v, l, 4, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 bytes is neither 1 uint8 labels nor 1 int32 labels");
    }

    @Test
    void subsetIsSeededWithoutRepeats() {
        EncodedDataset d = io.qdm.noise.TestData.latents(100);
        EncodedDataset a = DatasetSubset.select(d, 20, 5);
        EncodedDataset b = DatasetSubset.select(d, 20, 5);
        EncodedDataset c = DatasetSubset.select(d, 20, 6);
        assertThat(a.amplitudes()).isEqualTo(b.amplitudes());
        assertThat(a.amplitudes()).isNotEqualTo(c.amplitudes());
        assertThat(a.count()).isEqualTo(20);
        java.util.Set<String> rows = new java.util.HashSet<>();
        for (int i = 0; i < 20; i++) {
            rows.add(java.util.Arrays.toString(a.row(i)));
        }
        assertThat(rows).hasSize(20);
        assertThat(DatasetSubset.select(d, 0, 5)).isSameAs(d);
        assertThatThrownBy(() -> DatasetSubset.select(d, 101, 5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("dataset.limit: 101 must be in [0, 100] (the size of test-latents)");
    }
}
