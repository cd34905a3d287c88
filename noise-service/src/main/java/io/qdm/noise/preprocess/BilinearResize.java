package io.qdm.noise.preprocess;

/**
 * Bilinear resampling equal to {@code torch.nn.functional.interpolate(x, size=(outH, outW), mode='bilinear',
 * align_corners=False)} (antialias off, the default), which the follow-up uses to shrink 28×28 MNIST to 16×16
 * (notes §1.2).
 *
 * <p>Per axis, as ATen's {@code area_pixel_compute_source_index}: scale = in/out; src = scale·(dst + 0.5) − 0.5,
 * clamped below at 0; i0 = ⌊src⌋, i1 = min(i0 + 1, in − 1), λ1 = src − i0, λ0 = 1 − λ1. The value is
 * λ0_h·(λ0_w·x[i0_h,i0_w] + λ1_w·x[i0_h,i1_w]) + λ1_h·(λ0_w·x[i1_h,i0_w] + λ1_w·x[i1_h,i1_w]).
 * When shrinking by more than 2 this samples, it does not average (no antialiasing), exactly as torch does.
 */
public final class BilinearResize {
    private BilinearResize() {
    }

    /**
     * @param src row-major image of {@code inH × inW}
     * @return row-major image of {@code outH × outW}
     */
    public static double[] resize(double[] src, int inH, int inW, int outH, int outW) {
        if (inH < 1 || inW < 1 || outH < 1 || outW < 1) {
            throw new IllegalArgumentException("resolution: sizes must be positive, got " + inH + "x" + inW + " -> "
                    + outH + "x" + outW);
        }
        if (src.length != inH * inW) {
            throw new IllegalArgumentException("image: " + src.length + " pixels, expected " + inH + "x" + inW);
        }
        double[] out = new double[outH * outW];
        resize(src, inH, inW, outH, outW, out);
        return out;
    }

    /** As {@link #resize(double[], int, int, int, int)}, writing into {@code out} (length outH·outW). */
    public static void resize(double[] src, int inH, int inW, int outH, int outW, double[] out) {
        double scaleH = (double) inH / outH;
        double scaleW = (double) inW / outW;
        int[] w0 = new int[outW];
        int[] w1 = new int[outW];
        double[] wl0 = new double[outW];
        double[] wl1 = new double[outW];
        for (int x = 0; x < outW; x++) {
            double s = sourceIndex(scaleW, x);
            w0[x] = (int) s;
            w1[x] = w0[x] < inW - 1 ? w0[x] + 1 : w0[x];
            wl1[x] = s - w0[x];
            wl0[x] = 1.0 - wl1[x];
        }
        for (int y = 0; y < outH; y++) {
            double s = sourceIndex(scaleH, y);
            int h0 = (int) s;
            int h1 = h0 < inH - 1 ? h0 + 1 : h0;
            double hl1 = s - h0;
            double hl0 = 1.0 - hl1;
            int r0 = h0 * inW;
            int r1 = h1 * inW;
            for (int x = 0; x < outW; x++) {
                out[y * outW + x] = hl0 * (wl0[x] * src[r0 + w0[x]] + wl1[x] * src[r0 + w1[x]])
                        + hl1 * (wl0[x] * src[r1 + w0[x]] + wl1[x] * src[r1 + w1[x]]);
            }
        }
    }

    private static double sourceIndex(double scale, int dst) {
        double s = scale * (dst + 0.5) - 0.5;
        return s < 0 ? 0 : s;
    }
}
