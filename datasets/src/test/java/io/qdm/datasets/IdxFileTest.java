package io.qdm.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxFileTest {
    @TempDir
    Path dir;

    /** IDX bytes: magic 00 00 type ndims, big-endian dims, then the payload. */
    static byte[] idx(int type, int[] dims, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + payload.length);
        b.put((byte) 0).put((byte) 0).put((byte) type).put((byte) dims.length);
        for (int d : dims) {
            b.putInt(d);
        }
        b.put(payload);
        return b.array();
    }

    static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }

    private static byte[] images2x3x2() {
        byte[] p = new byte[12];
        for (int i = 0; i < p.length; i++) {
            p[i] = (byte) (i * 20 + 15); // includes values > 127 to catch sign errors
        }
        return p;
    }

    @Test
    void readsRawUnsignedByteImages() throws IOException {
        Path f = Files.write(dir.resolve("imgs-idx3-ubyte"), idx(0x08, new int[] {2, 3, 2}, images2x3x2()));
        IdxFile idx = IdxFile.read(f);
        assertEquals(IdxDataType.UNSIGNED_BYTE, idx.type());
        assertArrayEquals(new int[] {2, 3, 2}, idx.dims());
        assertEquals(12, idx.elementCount());
        assertEquals(235, idx.data()[11] & 0xFF);
        assertArrayEquals(images2x3x2(), idx.data());
    }

    @Test
    void readsGzipByMagicBytesNotByName() throws IOException {
        byte[] raw = idx(0x08, new int[] {2, 3, 2}, images2x3x2());
        Path f = Files.write(dir.resolve("no-gz-suffix"), gzip(raw));
        IdxFile idx = IdxFile.read(f);
        assertArrayEquals(new int[] {2, 3, 2}, idx.dims());
        assertArrayEquals(images2x3x2(), idx.data());
    }

    @Test
    void readsWiderTypes() throws IOException {
        ByteBuffer p = ByteBuffer.allocate(16).putDouble(1.5).putDouble(-2.25);
        Path f = Files.write(dir.resolve("d"), idx(0x0E, new int[] {2}, p.array()));
        IdxFile idx = IdxFile.read(f);
        assertEquals(IdxDataType.DOUBLE, idx.type());
        assertEquals(2, idx.elementCount());
        assertEquals(-2.25, ByteBuffer.wrap(idx.data()).getDouble(8));
    }

    @Test
    void rejectsMissingFileNamingIt() {
        Path f = dir.resolve("absent-idx1-ubyte");
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> IdxFile.read(f));
        assertTrue(e.getMessage().contains(f.toString()) && e.getMessage().contains("no such file"), e.getMessage());
    }

    @Test
    void rejectsBadMagic() throws IOException {
        byte[] b = idx(0x08, new int[] {1}, new byte[] {1});
        b[1] = 7;
        Path f = Files.write(dir.resolve("bad-magic"), b);
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> IdxFile.read(f));
        assertTrue(e.getMessage().startsWith(f.toString()) && e.getMessage().contains("magic number starts with 00 07"),
                e.getMessage());
    }

    @Test
    void rejectsUnknownType() throws IOException {
        Path f = Files.write(dir.resolve("bad-type"), idx(0x0A, new int[] {1}, new byte[] {1}));
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> IdxFile.read(f));
        assertTrue(e.getMessage().contains("unknown IDX element type 0x0a"), e.getMessage());
    }

    @Test
    void rejectsZeroDimensions() throws IOException {
        Path f = Files.write(dir.resolve("zero-dims"), idx(0x08, new int[] {}, new byte[0]));
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> IdxFile.read(f));
        assertTrue(e.getMessage().contains("declares 0 dimensions"), e.getMessage());
    }

    @Test
    void rejectsTruncatedHeader() throws IOException {
        byte[] full = idx(0x08, new int[] {2, 3, 2}, images2x3x2());
        Path f = Files.write(dir.resolve("short-header"), java.util.Arrays.copyOf(full, 9));
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> IdxFile.read(f));
        assertTrue(e.getMessage().contains("truncated IDX header"), e.getMessage());
    }

    @Test
    void rejectsTruncatedPayloadWithBothLengths() throws IOException {
        byte[] full = idx(0x08, new int[] {2, 3, 2}, images2x3x2());
        Path f = Files.write(dir.resolve("truncated.gz"), gzip(java.util.Arrays.copyOf(full, full.length - 1)));
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> IdxFile.read(f));
        assertTrue(e.getMessage().contains("needs 28 bytes, the file has 27 (truncated)")
                && e.getMessage().contains(f.toString()), e.getMessage());
    }

    @Test
    void rejectsTrailingBytes() throws IOException {
        byte[] full = idx(0x08, new int[] {2}, new byte[] {1, 2, 3});
        Path f = Files.write(dir.resolve("trailing"), full);
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> IdxFile.read(f));
        assertTrue(e.getMessage().contains("(trailing bytes)"), e.getMessage());
    }

    @Test
    void requireChecksTypeAndShape() throws IOException {
        Path f = Files.write(dir.resolve("imgs"), idx(0x08, new int[] {2, 3, 2}, images2x3x2()));
        IdxFile idx = IdxFile.read(f);
        idx.require(IdxDataType.UNSIGNED_BYTE, 2, -1, -1);
        DatasetFormatException e = assertThrows(DatasetFormatException.class,
                () -> idx.require(IdxDataType.UNSIGNED_BYTE, 2, 28, 28));
        assertTrue(e.getMessage().contains("expected IDX UNSIGNED_BYTE with dims [2, 28, 28], found UNSIGNED_BYTE with dims [2, 3, 2]"),
                e.getMessage());
    }
}
