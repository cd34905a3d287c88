package io.qdm.latent.mapping;

import io.qdm.latent.model.AutoencoderConfig;
import io.qdm.proto.common.v1.DType;
import io.qdm.proto.common.v1.Tensor;
import io.qdm.wire.InvalidTensorException;
import io.qdm.wire.Tensors;

/**
 * Wire tensors ↔ the autoencoder's arrays. Images are {@code double[B][784]} (28×28 row-major, [0, 1]) on the Java
 * side and {@code [B, 28, 28]} tensors on the wire; latents {@code double[B][d]} and {@code [B, d]}. Every decode
 * checks shape, dtype, byte length and finiteness and throws {@link InvalidTensorException} naming the field; the
 * [0, 1] range of pixels is checked by the model for the whole batch.
 */
public final class TensorMapping {

    private static final int SIDE = AutoencoderConfig.IMAGE_SIDE;
    private static final int PIXELS = AutoencoderConfig.PIXELS;

    private TensorMapping() {
    }

    /** {@code [B, 28, 28]} DTYPE_FLOAT32/FLOAT64 in [0, 1], or DTYPE_UINT8 (divided by 255), B ≥ 1. */
    public static double[][] images(Tensor tensor, String field) {
        if (tensor.getShapeCount() != 3 || tensor.getShape(1) != SIDE || tensor.getShape(2) != SIDE) {
            throw new InvalidTensorException(field, "shape " + tensor.getShapeList() + ", expected [B, 28, 28]");
        }
        int batch = batchSize(tensor, field);
        double[] flat;
        if (tensor.getDtype() == DType.DTYPE_UINT8) {
            long count = Tensors.elementCount(tensor, field);
            if (tensor.getData().size() != count) {
                throw new InvalidTensorException(field, "data holds " + tensor.getData().size() + " bytes, shape "
                        + tensor.getShapeList() + " and dtype DTYPE_UINT8 need " + count);
            }
            flat = new double[(int) count];
            for (int i = 0; i < flat.length; i++) {
                flat[i] = (tensor.getData().byteAt(i) & 0xFF) / 255.0;
            }
        } else if (tensor.getDtype() == DType.DTYPE_FLOAT32 || tensor.getDtype() == DType.DTYPE_FLOAT64) {
            flat = Tensors.decodeReal(tensor, field);
        } else {
            throw new InvalidTensorException(field, "dtype " + tensor.getDtype()
                    + " is not DTYPE_FLOAT32, DTYPE_FLOAT64 or DTYPE_UINT8");
        }
        return rows(flat, batch, PIXELS);
    }

    /** Real latents: {@code [B, d]} DTYPE_FLOAT64, finite, B ≥ 1. */
    public static double[][] latents(Tensor tensor, String field, int latentDim) {
        requireMatrix(tensor, field, latentDim);
        if (tensor.getDtype() != DType.DTYPE_FLOAT64) {
            throw new InvalidTensorException(field, "dtype " + tensor.getDtype()
                    + " is not DTYPE_FLOAT64 (latents) or DTYPE_COMPLEX128 (amplitudes)");
        }
        int batch = batchSize(tensor, field);
        return rows(Tensors.decodeReal(tensor, field), batch, latentDim);
    }

    /** Complex amplitudes {@code [B, d]} DTYPE_COMPLEX128 as {@code {real, imag}}, each {@code [B][d]}. */
    public static double[][][] amplitudes(Tensor tensor, String field, int latentDim) {
        requireMatrix(tensor, field, latentDim);
        batchSize(tensor, field);
        double[] interleaved = Tensors.decodeComplexMatrix(tensor, field, latentDim);
        int batch = interleaved.length / (2 * latentDim);
        double[][] real = new double[batch][latentDim];
        double[][] imag = new double[batch][latentDim];
        for (int i = 0; i < batch; i++) {
            for (int j = 0; j < latentDim; j++) {
                real[i][j] = interleaved[2 * (i * latentDim + j)];
                imag[i][j] = interleaved[2 * (i * latentDim + j) + 1];
            }
        }
        return new double[][][] {real, imag};
    }

    public static boolean isComplex(Tensor tensor) {
        return tensor.getDtype() == DType.DTYPE_COMPLEX128;
    }

    /** Images {@code [B][784]} → {@code [B, 28, 28]} DTYPE_FLOAT32 (the model's outputs are float32 values). */
    public static Tensor imagesFloat32(double[][] images) {
        float[] flat = new float[images.length * PIXELS];
        for (int i = 0; i < images.length; i++) {
            for (int k = 0; k < PIXELS; k++) {
                flat[i * PIXELS + k] = (float) images[i][k];
            }
        }
        return Tensors.float32(flat, images.length, SIDE, SIDE);
    }

    /** Latents {@code [B][d]} → {@code [B, d]} DTYPE_FLOAT64. */
    public static Tensor latentsFloat64(double[][] latents) {
        int d = latents[0].length;
        double[] flat = new double[latents.length * d];
        for (int i = 0; i < latents.length; i++) {
            System.arraycopy(latents[i], 0, flat, i * d, d);
        }
        return Tensors.float64(flat, latents.length, d);
    }

    private static void requireMatrix(Tensor tensor, String field, int cols) {
        if (tensor.getShapeCount() != 2 || tensor.getShape(1) != cols) {
            throw new InvalidTensorException(field, "shape " + tensor.getShapeList() + ", expected [B, " + cols + "]");
        }
    }

    private static int batchSize(Tensor tensor, String field) {
        long batch = tensor.getShape(0);
        if (batch <= 0) {
            throw new InvalidTensorException(field, "empty batch (shape " + tensor.getShapeList() + ")");
        }
        Tensors.elementCount(tensor, field);
        return (int) batch;
    }

    private static double[][] rows(double[] flat, int batch, int width) {
        double[][] rows = new double[batch][width];
        for (int i = 0; i < batch; i++) {
            System.arraycopy(flat, i * width, rows[i], 0, width);
        }
        return rows;
    }
}
