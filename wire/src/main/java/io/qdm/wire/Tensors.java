package io.qdm.wire;

import com.google.protobuf.ByteString;
import io.qdm.proto.common.v1.DType;
import io.qdm.proto.common.v1.Tensor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The Tensor codec: {@link Tensor} (row-major, little-endian bytes + shape + dtype; see tensor.proto) to and from
 * Java arrays. Complex data on the Java side is interleaved {@code double[]}: element k is
 * {@code (data[2k], data[2k+1]) = (re, im)}, the same layout as DTYPE_COMPLEX128 bytes.
 *
 * <p>Every decode validates dtype, rank, dimensions, byte length and finiteness, and throws
 * {@link InvalidTensorException} naming the field and the reason.
 */
public final class Tensors {

    private Tensors() {
    }

    /** Encodes {@code rows x cols} complex values, interleaved re/im, as DTYPE_COMPLEX128 with shape [rows, cols]. */
    public static Tensor complexMatrix(double[] interleaved, int rows, int cols) {
        if (interleaved.length != 2L * rows * cols) {
            throw new IllegalArgumentException("interleaved length " + interleaved.length + " != 2*" + rows + "*" + cols);
        }
        return build(DType.DTYPE_COMPLEX128, doublesToBytes(interleaved), rows, cols);
    }

    /** Encodes rows of interleaved (re, im) values, each of length 2·cols, as DTYPE_COMPLEX128 [rows, cols]. */
    public static Tensor complexRows(double[][] rows, int cols) {
        int width = 2 * cols;
        double[] flat = new double[rows.length * width];
        for (int r = 0; r < rows.length; r++) {
            if (rows[r].length != width) {
                throw new IllegalArgumentException("row " + r + " has " + rows[r].length + " values, expected " + width);
            }
            System.arraycopy(rows[r], 0, flat, r * width, width);
        }
        return complexMatrix(flat, rows.length, cols);
    }

    /** Like {@link #decodeComplexMatrix}, split into one interleaved (re, im) array per row. */
    public static double[][] decodeComplexRows(Tensor tensor, String field, int expectedCols) {
        double[] flat = decodeComplexMatrix(tensor, field, expectedCols);
        int rows = (int) tensor.getShape(0);
        int width = 2 * (int) tensor.getShape(1);
        double[][] out = new double[rows][];
        for (int r = 0; r < rows; r++) {
            out[r] = Arrays.copyOfRange(flat, r * width, (r + 1) * width);
        }
        return out;
    }

    /** Encodes real values as DTYPE_FLOAT64 with the given shape. */
    public static Tensor float64(double[] values, long... shape) {
        checkCount(values.length, shape);
        return build(DType.DTYPE_FLOAT64, doublesToBytes(values), shape);
    }

    /** Encodes real values as DTYPE_FLOAT32 with the given shape. */
    public static Tensor float32(float[] values, long... shape) {
        checkCount(values.length, shape);
        ByteBuffer buffer = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(values);
        return build(DType.DTYPE_FLOAT32, buffer.array(), shape);
    }

    /** Encodes integers as DTYPE_INT32 with shape [n]. */
    public static Tensor int32(int[] values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asIntBuffer().put(values);
        return build(DType.DTYPE_INT32, buffer.array(), values.length);
    }

    /**
     * Decodes a [rows, cols] complex matrix (DTYPE_COMPLEX128) into interleaved re/im doubles, checking the column
     * count when {@code expectedCols > 0} and that every value is finite.
     */
    public static double[] decodeComplexMatrix(Tensor tensor, String field, int expectedCols) {
        requireDtype(tensor, field, DType.DTYPE_COMPLEX128);
        requireRank(tensor, field, 2);
        long rows = tensor.getShape(0);
        long cols = tensor.getShape(1);
        if (rows <= 0) {
            throw new InvalidTensorException(field, "empty batch (shape " + tensor.getShapeList() + ")");
        }
        if (expectedCols > 0 && cols != expectedCols) {
            throw new InvalidTensorException(field, "expected " + expectedCols + " amplitudes per row, got " + cols);
        }
        double[] values = bytesToDoubles(tensor, field, 2 * rows * cols);
        requireFinite(values, field);
        return values;
    }

    /** Decodes DTYPE_FLOAT64 or DTYPE_FLOAT32 data of any shape into doubles, checking that every value is finite. */
    public static double[] decodeReal(Tensor tensor, String field) {
        long count = elementCount(tensor, field);
        double[] values;
        if (tensor.getDtype() == DType.DTYPE_FLOAT64) {
            values = bytesToDoubles(tensor, field, count);
        } else if (tensor.getDtype() == DType.DTYPE_FLOAT32) {
            requireLength(tensor, field, count * 4);
            values = new double[(int) count];
            ByteBuffer buffer = tensor.getData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < values.length; i++) {
                values[i] = buffer.getFloat();
            }
        } else {
            throw new InvalidTensorException(field, "dtype " + tensor.getDtype() + " is not DTYPE_FLOAT64 or DTYPE_FLOAT32");
        }
        requireFinite(values, field);
        return values;
    }

    /** Decodes DTYPE_INT32 data of any shape. */
    public static int[] decodeInt32(Tensor tensor, String field) {
        requireDtype(tensor, field, DType.DTYPE_INT32);
        long count = elementCount(tensor, field);
        requireLength(tensor, field, count * 4);
        int[] values = new int[(int) count];
        tensor.getData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(values);
        return values;
    }

    /** The values of a float32 tensor (little-endian), checked against its dtype and shape. */
    public static float[] decodeFloat32(Tensor tensor, String field) {
        requireDtype(tensor, field, DType.DTYPE_FLOAT32);
        long count = elementCount(tensor, field);
        requireLength(tensor, field, count * 4);
        float[] values = new float[(int) count];
        tensor.getData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        return values;
    }

    /** Product of the shape, rejecting negative dimensions and sizes beyond a Java array. */
    public static long elementCount(Tensor tensor, String field) {
        long count = 1;
        for (long d : tensor.getShapeList()) {
            if (d < 0) {
                throw new InvalidTensorException(field, "negative dimension in shape " + tensor.getShapeList());
            }
            count = Math.multiplyExact(count, d);
        }
        if (count > Integer.MAX_VALUE / 2) {
            throw new InvalidTensorException(field, "too many elements: " + count);
        }
        return count;
    }

    private static Tensor build(DType dtype, byte[] data, long... shape) {
        Tensor.Builder builder = Tensor.newBuilder().setDtype(dtype).setData(ByteString.copyFrom(data));
        for (long d : shape) {
            builder.addShape(d);
        }
        return builder.build();
    }

    private static void checkCount(int length, long... shape) {
        long count = Arrays.stream(shape).reduce(1, Math::multiplyExact);
        if (count != length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + count
                    + " values, got " + length);
        }
    }

    private static byte[] doublesToBytes(double[] values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asDoubleBuffer().put(values);
        return buffer.array();
    }

    private static double[] bytesToDoubles(Tensor tensor, String field, long count) {
        requireLength(tensor, field, count * 8);
        double[] values = new double[(int) count];
        tensor.getData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer().get(values);
        return values;
    }

    private static void requireDtype(Tensor tensor, String field, DType expected) {
        if (tensor.getDtype() != expected) {
            throw new InvalidTensorException(field, "dtype " + tensor.getDtype() + ", expected " + expected);
        }
    }

    private static void requireRank(Tensor tensor, String field, int rank) {
        if (tensor.getShapeCount() != rank) {
            throw new InvalidTensorException(field, "shape " + tensor.getShapeList() + " has rank "
                    + tensor.getShapeCount() + ", expected " + rank);
        }
    }

    private static void requireLength(Tensor tensor, String field, long bytes) {
        if (tensor.getData().size() != bytes) {
            throw new InvalidTensorException(field, "data holds " + tensor.getData().size() + " bytes, shape "
                    + tensor.getShapeList() + " and dtype " + tensor.getDtype() + " need " + bytes);
        }
    }

    private static void requireFinite(double[] values, String field) {
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new InvalidTensorException(field, "non-finite value " + values[i] + " at flat index " + i);
            }
        }
    }
}
