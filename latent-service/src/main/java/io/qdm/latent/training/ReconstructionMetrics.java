package io.qdm.latent.training;

import io.qdm.latent.model.AutoencoderConfig;
import io.qdm.latent.model.AutoencoderModel;

import java.util.ArrayList;
import java.util.List;

/**
 * Reconstruction error of image → latent → image over a set of images, with the model in inference mode.
 *
 * @param mse         mean over images and pixels of (x̂ − x)²
 * @param huber       mean Huber loss (δ as given) over images and pixels, the training objective
 * @param perDigitMse mean squared error per label 0..9 (NaN for a digit with no image)
 * @param perDigitCount number of images per label
 */
public record ReconstructionMetrics(double mse, double huber, double[] perDigitMse, int[] perDigitCount, int images) {

    /** Runs the autoencoder over {@code images[indices]} in chunks of {@link AutoencoderModel#CHUNK}. */
    public static ReconstructionMetrics measure(AutoencoderModel model, MnistImages data, int[] indices,
            double huberDelta) {
        int p = AutoencoderConfig.PIXELS;
        double[] sq = new double[10];
        int[] count = new int[10];
        double sqTotal = 0;
        double huberTotal = 0;
        for (int start = 0; start < indices.length; start += AutoencoderModel.CHUNK) {
            int n = Math.min(AutoencoderModel.CHUNK, indices.length - start);
            float[] x = data.gather(indices, start, n);
            float[] xHat = model.decodeFlat(model.encodeFlat(x, n), n);
            for (int i = 0; i < n; i++) {
                double s = 0;
                double h = 0;
                for (int k = i * p; k < (i + 1) * p; k++) {
                    double d = (double) xHat[k] - x[k];
                    double a = Math.abs(d);
                    s += d * d;
                    h += a < huberDelta ? 0.5 * d * d : huberDelta * (a - 0.5 * huberDelta);
                }
                int label = data.label(indices[start + i]);
                sq[label] += s / p;
                count[label]++;
                sqTotal += s;
                huberTotal += h;
            }
        }
        double[] perDigit = new double[10];
        for (int d = 0; d < 10; d++) {
            perDigit[d] = count[d] == 0 ? Double.NaN : sq[d] / count[d];
        }
        double denom = (double) indices.length * p;
        return new ReconstructionMetrics(sqTotal / denom, huberTotal / denom, perDigit, count, indices.length);
    }

    public List<Double> perDigitMseList() {
        List<Double> l = new ArrayList<>();
        for (double v : perDigitMse) {
            l.add(v);
        }
        return l;
    }

    public List<Integer> perDigitCountList() {
        List<Integer> l = new ArrayList<>();
        for (int v : perDigitCount) {
            l.add(v);
        }
        return l;
    }
}
