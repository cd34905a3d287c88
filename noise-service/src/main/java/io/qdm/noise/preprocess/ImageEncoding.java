package io.qdm.noise.preprocess;

import io.qdm.noise.noise.Amplitudes;
import java.util.Set;

/**
 * The authors' pixel-space preprocessing (notes §1.2, [B] {@code src/data/load_data.py}): pixels / 255 → flatten →
 * per-image L2 normalisation ({@code F.normalize}) → bilinear resize to side × side ({@link BilinearResize}) →
 * flatten → renormalisation (the trainer renormalises every input; after the resize the norm is ≈ 0.5–0.6).
 * The result is a real, non-negative unit vector per image, amplitude-encoded as is on log2(side²) qubits.
 *
 * <p>Input is the IDX layout of {@code io.qdm.datasets.ImageDataset}: {@code count} images of rows × cols unsigned
 * bytes, image-major then row-major.
 */
public final class ImageEncoding {
    private ImageEncoding() {
    }

    /**
     * @param keepLabels labels to keep (the follow-up's {@code desired_digits}, e.g. {0, 1}); empty = all
     * @param side       output side; equal to rows (and cols) for no resize, else 16 or 8 as in the papers
     * @throws IllegalArgumentException naming the field for a bad side, label, or an all-zero image
     */
    public static EncodedDataset encode(String name, byte[] pixels, byte[] labels, int count, int rows, int cols,
            int side, Set<Integer> keepLabels) {
        if (side < 1 || side > Math.min(rows, cols)) {
            throw new IllegalArgumentException("resolution: " + side + " must be in [1, " + Math.min(rows, cols)
                    + "] (28 = no resize, or 16 or 8)");
        }
        for (int l : keepLabels) {
            if (l < 0 || l > 9) {
                throw new IllegalArgumentException("labels: " + l + " is not a class label (expected 0..9)");
            }
        }
        int kept = 0;
        for (int i = 0; i < count; i++) {
            if (keepLabels.isEmpty() || keepLabels.contains((int) labels[i])) {
                kept++;
            }
        }
        if (kept == 0) {
            throw new IllegalArgumentException("labels: no image of " + name + " has a label in " + keepLabels);
        }
        boolean resize = side != rows || side != cols;
        int dim = side * side;
        int n = rows * cols;
        double[] out = new double[kept * dim];
        int[] outLabels = new int[kept];
        double[] img = new double[n];
        double[] small = new double[dim];
        int j = 0;
        for (int i = 0; i < count; i++) {
            if (!keepLabels.isEmpty() && !keepLabels.contains((int) labels[i])) {
                continue;
            }
            for (int k = 0; k < n; k++) {
                img[k] = (pixels[i * n + k] & 0xFF) / 255.0;
            }
            Amplitudes.normaliseInPlace("image[" + i + "]", img);
            double[] v = img;
            if (resize) {
                BilinearResize.resize(img, rows, cols, side, side, small);
                v = small;
            }
            Amplitudes.normaliseInPlace("image[" + i + "]", v);
            System.arraycopy(v, 0, out, j * dim, dim);
            outLabels[j] = labels[i];
            j++;
        }
        return new EncodedDataset(name + "/" + side + "x" + side, dim, out, outLabels);
    }
}
