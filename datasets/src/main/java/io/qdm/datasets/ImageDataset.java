package io.qdm.datasets;

import java.util.Arrays;

/**
 * Labelled grayscale images in memory.
 *
 * <p>Storage: {@code pixels} holds {@code count * rows * cols} unsigned bytes (0..255), image-major then row-major
 * (image {@code i}, row {@code r}, column {@code c} at {@code (i*rows + r)*cols + c}), exactly the IDX layout.
 * {@code labels[i]} is the class 0..9 of image {@code i}. The arrays are owned by this record: do not modify them.
 */
public record ImageDataset(DatasetId dataset, DatasetSplit split, int count, int rows, int cols, byte[] pixels,
        byte[] labels) {

    public ImageDataset {
        if (pixels.length != (long) count * rows * cols || labels.length != count) {
            throw new IllegalArgumentException("pixels/labels: lengths " + pixels.length + "/" + labels.length
                    + " do not match count " + count + " of " + rows + "x" + cols);
        }
    }

    public int pixelsPerImage() {
        return rows * cols;
    }

    public int label(int i) {
        return labels[i];
    }

    /** Pixel value 0..255. */
    public int pixel(int i, int r, int c) {
        return pixels[(i * rows + r) * cols + c] & 0xFF;
    }

    /** Image {@code i} as unsigned values 0..255, row-major. */
    public int[] imageAsInts(int i) {
        int n = pixelsPerImage();
        int[] out = new int[n];
        for (int k = 0; k < n; k++) {
            out[k] = pixels[i * n + k] & 0xFF;
        }
        return out;
    }

    /** Image {@code i} divided by 255 (values in [0, 1]), row-major, as the authors' loaders produce. */
    public double[] imageAsDoubles(int i) {
        int n = pixelsPerImage();
        double[] out = new double[n];
        for (int k = 0; k < n; k++) {
            out[k] = (pixels[i * n + k] & 0xFF) / 255.0;
        }
        return out;
    }

    /** This dataset followed by {@code other} (same image size), labelled as {@code split}. */
    public ImageDataset concat(ImageDataset other, DatasetSplit split) {
        if (other.rows != rows || other.cols != cols) {
            throw new IllegalArgumentException("images: cannot concatenate " + rows + "x" + cols + " with "
                    + other.rows + "x" + other.cols);
        }
        byte[] p = Arrays.copyOf(pixels, pixels.length + other.pixels.length);
        System.arraycopy(other.pixels, 0, p, pixels.length, other.pixels.length);
        byte[] l = Arrays.copyOf(labels, labels.length + other.labels.length);
        System.arraycopy(other.labels, 0, l, labels.length, other.labels.length);
        return new ImageDataset(dataset, split, count + other.count, rows, cols, p, l);
    }
}
