package io.qdm.cli.client;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes arrays in numpy's {@code .npy} format (version 1.0, little-endian), readable with {@code numpy.load}. */
public final class NpyWriter {

    private NpyWriter() {
    }

    public static void float32(Path file, float[] values, int... shape) throws IOException {
        ByteBuffer data = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        data.asFloatBuffer().put(values);
        write(file, "<f4", shape, data.array());
    }

    public static void int32(Path file, int[] values) throws IOException {
        ByteBuffer data = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        data.asIntBuffer().put(values);
        write(file, "<i4", new int[] {values.length}, data.array());
    }

    private static void write(Path file, String dtype, int[] shape, byte[] data) throws IOException {
        StringBuilder s = new StringBuilder("(");
        for (int d : shape) {
            s.append(d).append(", ");
        }
        if (shape.length > 1) {
            s.setLength(s.length() - 2);
        } else {
            s.setLength(s.length() - 1);
        }
        s.append(")");
        String header = "{'descr': '" + dtype + "', 'fortran_order': False, 'shape': " + s + ", }";
        // magic (6) + version (2) + header length (2) + header + padding + '\n' is a multiple of 64
        int unpadded = 10 + header.length() + 1;
        int padding = (64 - unpadded % 64) % 64;
        String padded = header + " ".repeat(padding) + "\n";
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
            int len = padded.length();
            out.write(new byte[] {(byte) (len & 0xFF), (byte) (len >> 8)});
            out.write(padded.getBytes(StandardCharsets.US_ASCII));
            out.write(data);
        }
    }
}
