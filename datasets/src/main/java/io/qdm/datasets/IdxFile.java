package io.qdm.datasets;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * One IDX file (the format of the original MNIST and Fashion-MNIST files), fully read into memory.
 *
 * <p>Layout on disk: magic {@code 0x00 0x00 <type> <ndims>}, then {@code ndims} big-endian int32 dimensions, then
 * {@code prod(dims)} elements of {@code type}, big-endian, row-major (last dimension fastest). Nothing may follow.
 * The file may be gzip-compressed; compression is recognised by the gzip magic bytes {@code 1f 8b}, not by the name.
 *
 * <p>{@link #data()} holds the element bytes exactly as on disk (big-endian); for {@link IdxDataType#UNSIGNED_BYTE},
 * the only type MNIST uses, element {@code k} is {@code data()[k] & 0xFF}.
 */
public final class IdxFile {
    /** An IDX header allows up to 255 dimensions; nothing real has more than a handful. */
    private static final int MAX_DIMS = 16;

    private final Path source;
    private final IdxDataType type;
    private final int[] dims;
    private final byte[] data;

    private IdxFile(Path source, IdxDataType type, int[] dims, byte[] data) {
        this.source = source;
        this.type = type;
        this.dims = dims;
        this.data = data;
    }

    /**
     * Reads and validates an IDX file, raw or gzip.
     *
     * @throws DatasetFormatException if the file is missing, unreadable, not IDX, or its length does not match its
     *         header; the message names the file
     */
    public static IdxFile read(Path file) {
        byte[] bytes;
        try {
            bytes = readDecompressed(file);
        } catch (NoSuchFileException e) {
            throw new DatasetFormatException(file + ": no such file");
        } catch (IOException e) {
            throw new DatasetFormatException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
        return parse(file, bytes);
    }

    /** The file's content after gzip decompression if it is gzip-compressed (detected by magic bytes). */
    public static byte[] readDecompressed(Path file) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            in.mark(2);
            int b0 = in.read();
            int b1 = in.read();
            in.reset();
            if (b0 == 0x1f && b1 == 0x8b) {
                try (InputStream gz = new GZIPInputStream(in, 1 << 16)) {
                    ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 20);
                    gz.transferTo(out);
                    return out.toByteArray();
                }
            }
            return in.readAllBytes();
        }
    }

    /** Parses IDX bytes (already decompressed); {@code source} is only used in error messages. */
    public static IdxFile parse(Path source, byte[] bytes) {
        if (bytes.length < 4) {
            throw new DatasetFormatException(source + ": not an IDX file (" + bytes.length
                    + " bytes, shorter than the 4-byte magic number)");
        }
        if (bytes[0] != 0 || bytes[1] != 0) {
            throw new DatasetFormatException(String.format(
                    "%s: not an IDX file (magic number starts with %02x %02x, expected 00 00)",
                    source, bytes[0] & 0xFF, bytes[1] & 0xFF));
        }
        IdxDataType type = IdxDataType.fromCode(bytes[2] & 0xFF);
        if (type == null) {
            throw new DatasetFormatException(String.format(
                    "%s: unknown IDX element type 0x%02x (expected one of 08, 09, 0b, 0c, 0d, 0e)",
                    source, bytes[2] & 0xFF));
        }
        int ndims = bytes[3] & 0xFF;
        if (ndims == 0 || ndims > MAX_DIMS) {
            throw new DatasetFormatException(source + ": IDX header declares " + ndims
                    + " dimensions (expected 1.." + MAX_DIMS + ")");
        }
        int headerLength = 4 + 4 * ndims;
        if (bytes.length < headerLength) {
            throw new DatasetFormatException(source + ": truncated IDX header (" + bytes.length + " bytes, header needs "
                    + headerLength + ")");
        }
        int[] dims = new int[ndims];
        long elements = 1;
        for (int i = 0; i < ndims; i++) {
            int p = 4 + 4 * i;
            int d = ((bytes[p] & 0xFF) << 24) | ((bytes[p + 1] & 0xFF) << 16) | ((bytes[p + 2] & 0xFF) << 8)
                    | (bytes[p + 3] & 0xFF);
            if (d < 0) {
                throw new DatasetFormatException(source + ": IDX dimension " + i + " is negative (" + d + ")");
            }
            dims[i] = d;
            elements *= d;
        }
        long expected = headerLength + elements * type.byteSize();
        if (bytes.length != expected) {
            throw new DatasetFormatException(source + ": IDX length mismatch: header " + Arrays.toString(dims) + " of "
                    + type + " needs " + expected + " bytes, the file has " + bytes.length
                    + (bytes.length < expected ? " (truncated)" : " (trailing bytes)"));
        }
        return new IdxFile(source, type, dims, Arrays.copyOfRange(bytes, headerLength, bytes.length));
    }

    public Path source() {
        return source;
    }

    public IdxDataType type() {
        return type;
    }

    /** A copy of the dimensions, outermost first. */
    public int[] dims() {
        return dims.clone();
    }

    public int dim(int i) {
        return dims[i];
    }

    public int rank() {
        return dims.length;
    }

    /** Number of elements, {@code prod(dims)}. */
    public int elementCount() {
        return data.length / type.byteSize();
    }

    /** The element bytes as on disk (big-endian), without the header. The array is shared: do not modify it. */
    public byte[] data() {
        return data;
    }

    /**
     * Checks type and shape; {@code expectedDims[i] < 0} means "any".
     *
     * @throws DatasetFormatException naming the file if they differ
     */
    public IdxFile require(IdxDataType expectedType, int... expectedDims) {
        boolean ok = type == expectedType && dims.length == expectedDims.length;
        for (int i = 0; ok && i < dims.length; i++) {
            ok = expectedDims[i] < 0 || expectedDims[i] == dims[i];
        }
        if (!ok) {
            throw new DatasetFormatException(source + ": expected IDX " + expectedType + " with dims "
                    + Arrays.toString(expectedDims).replace("-1", "*") + ", found " + type + " with dims "
                    + Arrays.toString(dims));
        }
        return this;
    }
}
