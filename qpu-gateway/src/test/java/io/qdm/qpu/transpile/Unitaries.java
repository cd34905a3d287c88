package io.qdm.qpu.transpile;

import io.qdm.qpu.circuit.Op;
import io.qdm.qpu.emulator.StateVector;

import java.util.List;

/** Full unitaries of small circuits by simulation, and equality up to one global phase. */
final class Unitaries {
    private Unitaries() {
    }

    /** Column j = circuit applied to basis state j; returned as [column][re/im interleaved amplitudes]. */
    static double[][] columns(List<Op> ops, int n) {
        int dim = 1 << n;
        double[][] cols = new double[dim][];
        for (int j = 0; j < dim; j++) {
            double[] re = new double[dim];
            double[] im = new double[dim];
            re[j] = 1;
            StateVector v = new StateVector(re, im).apply(ops);
            double[] c = new double[2 * dim];
            for (int a = 0; a < dim; a++) {
                c[2 * a] = v.re()[a];
                c[2 * a + 1] = v.im()[a];
            }
            cols[j] = c;
        }
        return cols;
    }

    /** max |a − e^{iφ} b| over all entries, with φ fixed by the largest entry of a. */
    static double distanceUpToGlobalPhase(double[][] a, double[][] b) {
        int bj = 0;
        int bi = 0;
        double best = -1;
        for (int j = 0; j < a.length; j++) {
            for (int i = 0; i < a[j].length / 2; i++) {
                double m = Math.hypot(a[j][2 * i], a[j][2 * i + 1]);
                if (m > best) {
                    best = m;
                    bj = j;
                    bi = i;
                }
            }
        }
        // e^{iφ} = a / b at the reference entry
        double ar = a[bj][2 * bi], ai = a[bj][2 * bi + 1], br = b[bj][2 * bi], bim = b[bj][2 * bi + 1];
        double den = br * br + bim * bim;
        double pr = (ar * br + ai * bim) / den;
        double pi = (ai * br - ar * bim) / den;
        double worst = 0;
        for (int j = 0; j < a.length; j++) {
            for (int i = 0; i < a[j].length / 2; i++) {
                double xr = pr * b[j][2 * i] - pi * b[j][2 * i + 1];
                double xi = pr * b[j][2 * i + 1] + pi * b[j][2 * i];
                worst = Math.max(worst, Math.hypot(a[j][2 * i] - xr, a[j][2 * i + 1] - xi));
            }
        }
        return worst;
    }
}
