package io.qdm.qpu.emulator;

/**
 * Dense gate kernels on split real/imaginary arrays; wire w of an n-qubit register is bit n−1−w of the index.
 * Matrices are interleaved row-major (the simulator's {@code ComplexMatrices} layout); for two wires (w0, w1) the
 * local index is 2·bit(w0) + bit(w1).
 */
final class Kernels {
    private Kernels() {
    }

    static void apply1(double[] re, double[] im, int n, int wire, double[] m) {
        int stride = 1 << (n - 1 - wire);
        int dim = 1 << n;
        double m00r = m[0], m00i = m[1], m01r = m[2], m01i = m[3], m10r = m[4], m10i = m[5], m11r = m[6], m11i = m[7];
        for (int base = 0; base < dim; base += 2 * stride) {
            for (int a = base; a < base + stride; a++) {
                int b = a + stride;
                double ar = re[a], ai = im[a], br = re[b], bi = im[b];
                re[a] = m00r * ar - m00i * ai + m01r * br - m01i * bi;
                im[a] = m00r * ai + m00i * ar + m01r * bi + m01i * br;
                re[b] = m10r * ar - m10i * ai + m11r * br - m11i * bi;
                im[b] = m10r * ai + m10i * ar + m11r * bi + m11i * br;
            }
        }
    }

    static void apply2(double[] re, double[] im, int n, int w0, int w1, double[] m) {
        int s0 = 1 << (n - 1 - w0);
        int s1 = 1 << (n - 1 - w1);
        int dim = 1 << n;
        int[] idx = new int[4];
        double[] vr = new double[4];
        double[] vi = new double[4];
        for (int a = 0; a < dim; a++) {
            if ((a & s0) != 0 || (a & s1) != 0) {
                continue;
            }
            idx[0] = a;
            idx[1] = a | s1;
            idx[2] = a | s0;
            idx[3] = a | s0 | s1;
            for (int k = 0; k < 4; k++) {
                vr[k] = re[idx[k]];
                vi[k] = im[idx[k]];
            }
            for (int r = 0; r < 4; r++) {
                double sr = 0;
                double si = 0;
                for (int c = 0; c < 4; c++) {
                    double mr = m[2 * (4 * r + c)];
                    double mi = m[2 * (4 * r + c) + 1];
                    sr += mr * vr[c] - mi * vi[c];
                    si += mr * vi[c] + mi * vr[c];
                }
                re[idx[r]] = sr;
                im[idx[r]] = si;
            }
        }
    }

    /** The elementwise complex conjugate of an interleaved matrix. */
    static double[] conjugate(double[] m) {
        double[] c = m.clone();
        for (int i = 1; i < c.length; i += 2) {
            c[i] = -c[i];
        }
        return c;
    }
}
