package io.qdm.latent.model;

import java.nio.FloatBuffer;

/**
 * The overlap-add, crop and bias of {@link TransposedConv2d} (stride 2, 3×3) on the GEMM's output, in plain Java for
 * a served model, with exactly the float32 operations of the NDArray path, so the bits are the same.
 *
 * <p>The NDArray path pads, adds, concatenates and crops strided 6-d tensors. libtorch copies such shapes at about
 * 1 GB/s (a pad of 37,632 floats: 40 µs), so those ops cost far more than their arithmetic. Here each output
 * element is computed directly from the taps: all three decoder layers take 0.06 ms per image at 64 images.
 *
 * <p>Storage: {@code taps} is the GEMM output {@code (B, H, W, ky, kx, C)} row-major followed by C zeros, the zero
 * tap that every position outside the input reads; {@code out} is {@code (B, outH, outW, C)} row-major. The full map
 * has rows r = 0..2H+1. Even rows r = 2m get the row term {@code tap(m, ky=0) + tap(m−1, ky=2)}; odd rows r = 2m+1
 * get {@code tap(m, ky=1)} alone. Columns combine these row terms the same way by kx, and output element (y, x) is
 * full (y + p, x + p) plus the bias. Every sum the NDArray path makes (pad, then add) is made here in the same order,
 * with the padded zeros added as it adds them, so even a −0.0 comes out as +0.0 as it does there.
 */
final class PhaseOverlapAdd {

    /** The channel loops: Vector API when loaded (same bits, {@link ChannelSums}). */
    private static final ChannelSums SUMS = ChannelSums.selected();

    private PhaseOverlapAdd() {
    }

    /** Length of the taps array for these sizes: the GEMM output plus one zero tap. */
    static int tapsLength(int batch, int h, int w, int c) {
        return batch * h * w * 9 * c + c;
    }

    static void apply(float[] taps, int batch, int h, int w, int c, int padding, int outH, int outW, float[] bias,
                      float[] out) {
        if (taps.length != tapsLength(batch, h, w, c)) {
            throw new IllegalArgumentException("taps: " + taps.length + " floats, expected "
                    + tapsLength(batch, h, w, c) + " (the GEMM output and one zero tap)");
        }
        Taps t = new Taps(h, w, c, taps.length - c);
        for (int b = 0; b < batch; b++) {
            for (int y = 0; y < outH; y++) {
                int r = y + padding;
                int m = r >> 1;
                for (int x = 0; x < outW; x++) {
                    int q = x + padding;
                    int n = q >> 1;
                    int o = ((b * outH + y) * outW + x) * c;
                    if ((r & 1) == 0 && (q & 1) == 0) {
                        // (row term kx = 0 at column n) + (row term kx = 2 at column n − 1), each two taps by ky
                        SUMS.sum4(taps, t.at(b, m, n, 0, 0), t.at(b, m - 1, n, 2, 0), t.at(b, m, n - 1, 0, 2),
                                t.at(b, m - 1, n - 1, 2, 2), bias, out, o, c);
                    } else if ((r & 1) == 0) {
                        // the row term kx = 1 at column n: two taps by ky
                        SUMS.sum2(taps, t.at(b, m, n, 0, 1), t.at(b, m - 1, n, 2, 1), bias, out, o, c);
                    } else if ((q & 1) == 0) {
                        // single-tap row terms (ky = 1), kx = 0 at column n plus kx = 2 at column n − 1
                        SUMS.sum2(taps, t.at(b, m, n, 1, 0), t.at(b, m, n - 1, 1, 2), bias, out, o, c);
                    } else {
                        SUMS.sum1(taps, t.at(b, m, n, 1, 1), bias, out, o, c);
                    }
                }
            }
        }
    }

    /** What happens to one image's output after the bias, before it is stored ({@link BatchNormRelu}). */
    interface ImageEpilogue {
        /** Transforms one image's {@code (outH, outW, C)} output in place. */
        void apply(float[] image);
    }

    /**
     * The same on native memory, one image at a time: each image's taps are copied out of {@code taps} (the GEMM
     * output, {@code batch} images back to back, without the zero tap), overlap-added, passed to {@code epilogue}
     * (null: none) and copied into {@code out}. Images never share taps, so this is {@link #apply(float[], int, int,
     * int, int, int, int, int, float[], float[])} image by image, and one image's taps and output (at most 113 and
     * 50 KB in the decoder) stay in the core's L2 cache, where copying the whole batch out of and back into native
     * memory took longer than the overlap-add itself.
     */
    static void apply(FloatBuffer taps, int batch, int h, int w, int c, int padding, int outH, int outW,
                      float[] bias, ImageEpilogue epilogue, FloatBuffer out) {
        int tapsPerImage = h * w * 9 * c;
        int outPerImage = outH * outW * c;
        if (taps.capacity() != batch * tapsPerImage || out.capacity() != batch * outPerImage) {
            throw new IllegalArgumentException("taps/out: " + taps.capacity() + "/" + out.capacity()
                    + " floats, expected " + batch * tapsPerImage + "/" + batch * outPerImage);
        }
        float[] imageTaps = new float[tapsLength(1, h, w, c)]; // the last C stay zero: the zero tap
        float[] image = new float[outPerImage];
        for (int b = 0; b < batch; b++) {
            taps.get(b * tapsPerImage, imageTaps, 0, tapsPerImage);
            apply(imageTaps, 1, h, w, c, padding, outH, outW, bias, image);
            if (epilogue != null) {
                epilogue.apply(image);
            }
            out.put(b * outPerImage, image, 0, outPerImage);
        }
    }

    /** Where tap (ky, kx) of input pixel (i, j) of batch row b starts, or the zero tap outside the input. */
    private record Taps(int h, int w, int c, int zero) {
        int at(int b, int i, int j, int ky, int kx) {
            if (i < 0 || i >= h || j < 0 || j >= w) {
                return zero;
            }
            return (((b * h + i) * w + j) * 9 + ky * 3 + kx) * c;
        }
    }
}
