package io.qdm.noise.preprocess;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Latent datasets as a source (notes §1.1): the autoencoder latents of MNIST, real non-negative unit vectors in R^8.
 *
 * <p>Format: the vectors file is {@code count × dimension} float64 little-endian, row-major, nothing else (numpy
 * {@code arr.astype('<f8').tofile(path)}); the labels file, if any, is {@code count} unsigned bytes, or {@code count} int32 little-endian (what latent-service's
 * export writes, {@code labels.i32}); the file length tells which. The SHA-256 of the
 * vectors file is checked when the caller knows it (from the latent model's metadata).
 */
public final class LatentDatasetFile {
    /** The authors' {@code circuit_training.py} asserts unit norm to within 1e-5. */
    public static final double NORM_TOLERANCE = 1e-5;

    private LatentDatasetFile() {
    }

    /**
     * @param labels          labels file or null (labels are then -1)
     * @param expectedSha256  lower-case hex SHA-256 of the vectors file, or null to skip the check
     * @throws IllegalArgumentException naming the file and the reason (length, checksum, NaN/Inf, norm)
     * @throws IOException              if a file cannot be read
     */
    public static EncodedDataset read(Path vectors, Path labels, int dimension, String expectedSha256)
            throws IOException {
        if (dimension < 1) {
            throw new IllegalArgumentException("dimension: must be positive, got " + dimension);
        }
        byte[] bytes = Files.readAllBytes(vectors);
        if (expectedSha256 != null) {
            String actual = sha256(bytes);
            if (!actual.equalsIgnoreCase(expectedSha256)) {
                throw new IllegalArgumentException(vectors + ": SHA-256 is " + actual + ", expected " + expectedSha256
                        + " (regenerate the latents with latent-service or fix the recorded checksum)");
            }
        }
        int rowBytes = 8 * dimension;
        if (bytes.length == 0 || bytes.length % rowBytes != 0) {
            throw new IllegalArgumentException(vectors + ": " + bytes.length + " bytes is not a whole number of "
                    + dimension + "-dim float64 rows (" + rowBytes + " bytes each)");
        }
        int count = bytes.length / rowBytes;
        double[] a = new double[count * dimension];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer().get(a);
        int[] l = new int[count];
        if (labels == null) {
            java.util.Arrays.fill(l, -1);
        } else {
            byte[] lb = Files.readAllBytes(labels);
            if (lb.length == count) {
                for (int i = 0; i < count; i++) {
                    l[i] = lb[i] & 0xFF;
                }
            } else if (lb.length == 4L * count) {
                ByteBuffer.wrap(lb).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(l);
            } else {
                throw new IllegalArgumentException(labels + ": " + lb.length + " bytes is neither " + count
                        + " uint8 labels nor " + count + " int32 labels for the " + count + " vectors in " + vectors);
            }
        }
        return new EncodedDataset("latent:" + vectors.getFileName(), dimension, a, l).requireUnitRows(NORM_TOLERANCE);
    }

    private static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
