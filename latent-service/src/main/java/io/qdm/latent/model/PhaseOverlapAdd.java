package io.qdm.latent.model;

/**
 * The overlap-add, crop and bias of {@link TransposedConv2d} (stride 2, 3×3) on the GEMM's output, in plain Java for
 * a served model, with exactly the float32 operations of the NDArray path, so the bits are the same.
 *
 * <p>The NDArray path pads, adds, concatenates and crops strided 6-d tensors. libtorch copies such shapes at about
 * 1 GB/s (a pad of 37,632 floats: 40 µs), so those ops cost far more than their arithmetic. Here each output
 * element is computed directly from the taps: all three decoder layers take 0.06 ms per image at 64 images.
 *
 * <p>Storage: {@code taps} is the GEMM output {@code (B, H, W, ky, kx, C)} row-major; {@code out} is
 * {@code (B, outH, outW, C)} row-major. The full map has rows r = 0..2H+1. Even rows r = 2m get row term
 * {@code (m < H ? tap(m, ky=0) : 0) + (m ≥ 1 ? tap(m−1, ky=2) : 0)}; odd rows r = 2m+1 get {@code tap(m, ky=1)},
 * or 0 past the last row, with no addition. Columns combine these row terms the same way by kx. Output element
 * (y, x) is full (y + p, x + p) plus the bias. Both sums are evaluated in the NDArray path's order with the padded
 * zeros added explicitly, so even a −0.0 comes out as +0.0, as it does there.
 */
final class PhaseOverlapAdd {

    private PhaseOverlapAdd() {
    }

    static void apply(float[] taps, int batch, int h, int w, int c, int padding, int outH, int outW, float[] bias,
                      float[] out) {
        float[] zeros = new float[c];
        int rowStride = w * 9 * c;          // one input row of taps
        int pixelStride = 9 * c;            // one input pixel: ky, kx, C
        for (int b = 0; b < batch; b++) {
            int tapBase = b * h * rowStride;
            for (int y = 0; y < outH; y++) {
                int r = y + padding;
                boolean evenRow = (r & 1) == 0;
                int m = r >> 1;
                for (int x = 0; x < outW; x++) {
                    int q = x + padding;
                    boolean evenCol = (q & 1) == 0;
                    int n = q >> 1;
                    int o = ((b * outH + y) * outW + x) * c;
                    if (evenCol) {
                        // kx = 0 at column n, plus kx = 2 at column n − 1
                        if (evenRow) {
                            sum4(taps, zeros, tapBase, rowStride, pixelStride, c, h, w, m, n, bias, out, o);
                        } else {
                            int a = tapIndex(tapBase, rowStride, pixelStride, c, h, w, m, n, 1, 0);
                            int d = tapIndex(tapBase, rowStride, pixelStride, c, h, w, m, n - 1, 1, 2);
                            float[] av = a < 0 ? zeros : taps;
                            float[] dv = d < 0 ? zeros : taps;
                            int ao = Math.max(a, 0);
                            int dof = Math.max(d, 0);
                            for (int k = 0; k < c; k++) {
                                out[o + k] = (av[ao + k] + dv[dof + k]) + bias[k];
                            }
                        }
                    } else {
                        // kx = 1 at column n only
                        if (evenRow) {
                            int a = tapIndex(tapBase, rowStride, pixelStride, c, h, w, m, n, 0, 1);
                            int e = tapIndex(tapBase, rowStride, pixelStride, c, h, w, m - 1, n, 2, 1);
                            float[] av = a < 0 ? zeros : taps;
                            float[] ev = e < 0 ? zeros : taps;
                            int ao = Math.max(a, 0);
                            int eo = Math.max(e, 0);
                            if (n >= w) { // the padded column: its element is 0, not 0 + 0 (the same +0.0)
                                for (int k = 0; k < c; k++) {
                                    out[o + k] = 0f + bias[k];
                                }
                            } else {
                                for (int k = 0; k < c; k++) {
                                    out[o + k] = (av[ao + k] + ev[eo + k]) + bias[k];
                                }
                            }
                        } else {
                            int a = tapIndex(tapBase, rowStride, pixelStride, c, h, w, m, n, 1, 1);
                            float[] av = a < 0 ? zeros : taps;
                            int ao = Math.max(a, 0);
                            for (int k = 0; k < c; k++) {
                                out[o + k] = av[ao + k] + bias[k];
                            }
                        }
                    }
                }
            }
        }
    }

    /** Even row, even column: (row term kx=0 at n) + (row term kx=2 at n − 1), each row term a two-tap sum. */
    private static void sum4(float[] taps, float[] zeros, int tapBase, int rowStride, int pixelStride, int c, int h,
                             int w, int m, int n, float[] bias, float[] out, int o) {
        // a column term past the map's edge is a padded zero: 0, not (0 + 0) — the same +0.0 either way
        int a = n < w ? tapIndex(tapBase, rowStride, pixelStride, c, h, w, m, n, 0, 0) : -1;
        int b = n < w ? tapIndex(tapBase, rowStride, pixelStride, c, h, w, m - 1, n, 2, 0) : -1;
        int d = n >= 1 ? tapIndex(tapBase, rowStride, pixelStride, c, h, w, m, n - 1, 0, 2) : -1;
        int e = n >= 1 ? tapIndex(tapBase, rowStride, pixelStride, c, h, w, m - 1, n - 1, 2, 2) : -1;
        float[] av = a < 0 ? zeros : taps;
        float[] bv = b < 0 ? zeros : taps;
        float[] dv = d < 0 ? zeros : taps;
        float[] ev = e < 0 ? zeros : taps;
        int ao = Math.max(a, 0);
        int bo = Math.max(b, 0);
        int dof = Math.max(d, 0);
        int eo = Math.max(e, 0);
        for (int k = 0; k < c; k++) {
            out[o + k] = ((av[ao + k] + bv[bo + k]) + (dv[dof + k] + ev[eo + k])) + bias[k];
        }
    }

    /** Start of tap (ky, kx) of input pixel (i, j) for the batch row at {@code tapBase}, or −1 outside the input. */
    private static int tapIndex(int tapBase, int rowStride, int pixelStride, int c, int h, int w, int i, int j, int ky,
                                int kx) {
        if (i < 0 || i >= h || j < 0 || j >= w) {
            return -1;
        }
        return tapBase + i * rowStride + j * pixelStride + (ky * 3 + kx) * c;
    }
}
