package io.qdm.noise.preprocess;

import io.qdm.noise.noise.Amplitudes;
import java.util.Arrays;

/**
 * Clean states x0 ready for amplitude encoding, with their labels.
 *
 * <p>Storage: {@code amplitudes} holds {@code count * dimension} real values, row-major (row i at
 * {@code [i*dimension, (i+1)*dimension)}); each row has unit L2 norm. Amplitude k of a row is the coefficient of
 * basis state |k⟩ with wire 0 the most significant bit; for images k is the row-major pixel index. {@code labels[i]}
 * is 0..9, or -1 where the source has none. The arrays are owned by this record: do not modify them.
 *
 * @param name where the rows came from, for messages and DatasetInfo (e.g. "mnist/merged/16x16")
 */
public record EncodedDataset(String name, int dimension, double[] amplitudes, int[] labels) {

    public EncodedDataset {
        if (dimension < 1 || amplitudes.length != (long) labels.length * dimension) {
            throw new IllegalArgumentException("dataset: " + amplitudes.length + " amplitudes do not form "
                    + labels.length + " rows of dimension " + dimension);
        }
    }

    public int count() {
        return labels.length;
    }

    public int label(int i) {
        return labels[i];
    }

    /** Row i as a real vector (a copy). */
    public double[] row(int i) {
        return Arrays.copyOfRange(amplitudes, i * dimension, (i + 1) * dimension);
    }

    /** Row i as an interleaved complex vector with zero imaginary parts. */
    public double[] complexRow(int i) {
        double[] z = new double[2 * dimension];
        for (int k = 0; k < dimension; k++) {
            z[2 * k] = amplitudes[i * dimension + k];
        }
        return z;
    }

    /** The rows at {@code indices}, in that order. */
    public EncodedDataset select(int[] indices, String newName) {
        double[] a = new double[indices.length * dimension];
        int[] l = new int[indices.length];
        for (int j = 0; j < indices.length; j++) {
            int i = indices[j];
            if (i < 0 || i >= count()) {
                throw new IllegalArgumentException("indices: " + i + " is out of range [0, " + count() + ")");
            }
            System.arraycopy(amplitudes, i * dimension, a, j * dimension, dimension);
            l[j] = labels[i];
        }
        return new EncodedDataset(newName, dimension, a, l);
    }

    /** Checks every row is finite and has unit norm within {@code tolerance}. */
    public EncodedDataset requireUnitRows(double tolerance) {
        for (int i = 0; i < count(); i++) {
            double[] r = row(i);
            Amplitudes.requireFinite(name + "[" + i + "]", r);
            double n = Amplitudes.norm(r);
            if (Math.abs(n - 1.0) > tolerance) {
                throw new IllegalArgumentException(name + "[" + i + "]: norm " + n + " is not 1 (tolerance "
                        + tolerance + ")");
            }
        }
        return this;
    }
}
