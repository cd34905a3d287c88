package io.qdm.cli.client;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class NpyWriterTest {

    @TempDir
    Path dir;

    @Test
    void writesNumpyVersion1HeaderAlignedTo64BytesThenLittleEndianData() throws Exception {
        Path f = dir.resolve("a.npy");
        NpyWriter.float32(f, new float[] {0.5f, 1f, -2f, 3.25f, 0f, 1e-3f}, 2, 1, 3);
        byte[] b = Files.readAllBytes(f);
        assertArrayEquals(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}, java.util.Arrays.copyOf(b, 8));
        int headerLength = (b[8] & 0xFF) | (b[9] & 0xFF) << 8;
        assertEquals(0, (10 + headerLength) % 64, "numpy requires the data to start on a 64-byte boundary");
        String header = new String(b, 10, headerLength, StandardCharsets.US_ASCII);
        assertEquals("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 1, 3), }", header.trim());
        assertEquals('\n', header.charAt(header.length() - 1));
        ByteBuffer data = ByteBuffer.wrap(b, 10 + headerLength, 24).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(-2f, data.getFloat(10 + headerLength + 8));
        assertEquals(10 + headerLength + 24, b.length);
    }

    @Test
    void oneDimensionalShapeHasATrailingComma() throws Exception {
        Path f = dir.resolve("l.npy");
        NpyWriter.int32(f, new int[] {7, 1, 9});
        byte[] b = Files.readAllBytes(f);
        int headerLength = (b[8] & 0xFF) | (b[9] & 0xFF) << 8;
        assertEquals("{'descr': '<i4', 'fortran_order': False, 'shape': (3,), }",
                new String(b, 10, headerLength, StandardCharsets.US_ASCII).trim());
        assertEquals(9, ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getInt(10 + headerLength + 8));
    }
}
