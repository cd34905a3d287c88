package io.qdm.wire;

import com.google.protobuf.ByteString;
import io.qdm.proto.common.v1.DType;
import io.qdm.proto.common.v1.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TensorsTest {

    @Test
    void complexMatrixHasNumpyComplex128Layout() {
        // (1 + 2i) as little-endian float64 pair: 1.0 = 0x3FF0000000000000, 2.0 = 0x4000000000000000.
        Tensor t = Tensors.complexMatrix(new double[] {1.0, 2.0}, 1, 1);
        assertEquals(DType.DTYPE_COMPLEX128, t.getDtype());
        assertEquals(List.of(1L, 1L), t.getShapeList());
        byte[] expected = {0, 0, 0, 0, 0, 0, (byte) 0xF0, 0x3F, 0, 0, 0, 0, 0, 0, 0, 0x40};
        assertArrayEquals(expected, t.getData().toByteArray());
    }

    @Test
    void complexMatrixRoundTrips() {
        double[] values = {0.6, -0.0, 0.0, 0.8, -0.5, 0.5, 0.5, -0.5};
        Tensor t = Tensors.complexMatrix(values, 2, 2);
        assertArrayEquals(values, Tensors.decodeComplexMatrix(t, "states", 2));
    }

    @Test
    void complexRowsRoundTripRowByRow() {
        double[][] rows = {{0.6, 0, 0, 0.8}, {-0.5, 0.5, 0.5, -0.5}};
        Tensor t = Tensors.complexRows(rows, 2);
        assertEquals(List.of(2L, 2L), t.getShapeList());
        assertArrayEquals(new double[] {0.6, 0, 0, 0.8, -0.5, 0.5, 0.5, -0.5}, Tensors.decodeComplexMatrix(t, "states", 2));
        double[][] back = Tensors.decodeComplexRows(t, "states", 2);
        assertArrayEquals(rows[0], back[0]);
        assertArrayEquals(rows[1], back[1]);
        assertThrows(IllegalArgumentException.class, () -> Tensors.complexRows(new double[][] {{1, 0}, {1, 0, 0, 0}}, 1));
    }

    @Test
    void float32AndInt32RoundTrip() {
        float[] pixels = {0f, 0.25f, 1f, 0.5f};
        double[] decoded = Tensors.decodeReal(Tensors.float32(pixels, 1, 2, 2), "images");
        assertArrayEquals(new double[] {0, 0.25, 1, 0.5}, decoded);
        assertArrayEquals(new int[] {7, -1, 3}, Tensors.decodeInt32(Tensors.int32(new int[] {7, -1, 3}), "labels"));
        // float32 comes back bit for bit (no widening to double on the way)
        float[] odd = {Float.MIN_VALUE, 0.1f, -0f, 1f / 3};
        assertArrayEquals(odd, Tensors.decodeFloat32(Tensors.float32(odd, 2, 2), "images"));
        assertEquals("images: dtype DTYPE_FLOAT64, expected DTYPE_FLOAT32", assertThrows(InvalidTensorException.class,
                () -> Tensors.decodeFloat32(Tensors.float64(new double[] {1}, 1), "images")).getMessage());
    }

    @Test
    void wrongColumnCountNamesTheField() {
        Tensor t = Tensors.complexMatrix(new double[16], 2, 4);
        InvalidTensorException e = assertThrows(InvalidTensorException.class,
                () -> Tensors.decodeComplexMatrix(t, "states", 8));
        assertEquals("states", e.field());
        assertEquals("states: expected 8 amplitudes per row, got 4", e.getMessage());
    }

    @Test
    void truncatedDataIsRejectedWithByteCounts() {
        Tensor t = Tensor.newBuilder().setDtype(DType.DTYPE_COMPLEX128).addShape(1).addShape(2)
                .setData(ByteString.copyFrom(new byte[24])).build();
        InvalidTensorException e = assertThrows(InvalidTensorException.class,
                () -> Tensors.decodeComplexMatrix(t, "states", 2));
        assertEquals("states: data holds 24 bytes, shape [1, 2] and dtype DTYPE_COMPLEX128 need 32", e.getMessage());
    }

    @Test
    void nonFiniteValuesAreRejectedWithTheirIndex() {
        Tensor t = Tensors.complexMatrix(new double[] {1, 0, Double.NaN, 0}, 1, 2);
        InvalidTensorException e = assertThrows(InvalidTensorException.class,
                () -> Tensors.decodeComplexMatrix(t, "states", 2));
        assertEquals("states: non-finite value NaN at flat index 2", e.getMessage());
    }

    @Test
    void wrongDtypeAndRankAndEmptyBatchAreRejected() {
        Tensor real = Tensors.float64(new double[] {1, 0}, 1, 2);
        assertEquals("states: dtype DTYPE_FLOAT64, expected DTYPE_COMPLEX128",
                assertThrows(InvalidTensorException.class, () -> Tensors.decodeComplexMatrix(real, "states", 2)).getMessage());
        Tensor rank1 = Tensor.newBuilder().setDtype(DType.DTYPE_COMPLEX128).addShape(2)
                .setData(ByteString.copyFrom(new byte[32])).build();
        assertEquals("states: shape [2] has rank 1, expected 2",
                assertThrows(InvalidTensorException.class, () -> Tensors.decodeComplexMatrix(rank1, "states", 2)).getMessage());
        Tensor empty = Tensors.complexMatrix(new double[0], 0, 2);
        assertEquals("states: empty batch (shape [0, 2])",
                assertThrows(InvalidTensorException.class, () -> Tensors.decodeComplexMatrix(empty, "states", 2)).getMessage());
        Tensor labels = Tensors.float64(new double[] {1}, 1);
        assertEquals("labels: dtype DTYPE_FLOAT64, expected DTYPE_INT32",
                assertThrows(InvalidTensorException.class, () -> Tensors.decodeInt32(labels, "labels")).getMessage());
    }
}
