package io.qdm.qpu.emulator;

import io.qdm.qpu.circuit.Op;
import io.qdm.simulator.gate.GateKind;

import java.util.List;

/**
 * The exact mixed state of an n-qubit register under gate noise, stored vectorised as a 2n-qubit "state":
 * ρ[r][c] lives at index (r ≪ n) | c, so row wires are 0..n−1 and column wires n..2n−1 in the {@link Kernels}
 * convention. A gate U becomes U on wire w and conj(U) on wire n+w (ρ ↦ UρU†).
 *
 * <p>Depolarising with Pauli probability p on k qubits is ρ ↦ (1−λ)ρ + λ·Tr_k(ρ)⊗I/2^k with λ = p·4^k/(4^k−1)
 * (equal to applying each non-identity Pauli with p/(4^k−1)); implemented on the 2^k×2^k blocks in place.
 */
public final class DensityMatrix {
    /** Largest register (2^(2·12) complex entries = 256 MiB). */
    public static final int MAX_QUBITS = 12;

    private final int n;
    private final double[] re;
    private final double[] im;

    /** |0…0⟩⟨0…0| on n qubits. */
    public DensityMatrix(int n) {
        if (n < 1 || n > MAX_QUBITS) {
            throw new IllegalArgumentException("the noisy emulator supports 1.." + MAX_QUBITS + " qubits, got " + n);
        }
        this.n = n;
        this.re = new double[1 << (2 * n)];
        this.im = new double[1 << (2 * n)];
        re[0] = 1;
    }

    public int numQubits() {
        return n;
    }

    /** Runs the circuit, adding depolarising noise after each gate as {@link NoiseParameters} describes. */
    public DensityMatrix run(List<Op> ops, NoiseParameters noise) {
        for (Op op : ops) {
            apply(op);
            if (op.isTwoQubit()) {
                if (noise.depolarizing2q() > 0) {
                    depolarize2(op.qubits()[0], op.qubits()[1], noise.depolarizing2q());
                }
            } else if (op.kind() != GateKind.RZ && noise.depolarizing1q() > 0) {
                depolarize1(op.qubits()[0], noise.depolarizing1q());
            }
        }
        return this;
    }

    public void apply(Op op) {
        double[] m = op.matrix();
        double[] mc = Kernels.conjugate(m);
        if (op.isTwoQubit()) {
            int a = op.qubits()[0];
            int b = op.qubits()[1];
            Kernels.apply2(re, im, 2 * n, a, b, m);
            Kernels.apply2(re, im, 2 * n, n + a, n + b, mc);
        } else {
            int q = op.qubits()[0];
            Kernels.apply1(re, im, 2 * n, q, m);
            Kernels.apply1(re, im, 2 * n, n + q, mc);
        }
    }

    /** Single-qubit depolarising channel with Pauli error probability p. */
    public void depolarize1(int q, double p) {
        double lambda = p * 4.0 / 3.0;
        int rowBit = 1 << (2 * n - 1 - q);
        int colBit = 1 << (n - 1 - q);
        int dim = re.length;
        for (int a = 0; a < dim; a++) {
            if ((a & rowBit) != 0 || (a & colBit) != 0) {
                continue;
            }
            int i00 = a;
            int i01 = a | colBit;
            int i10 = a | rowBit;
            int i11 = a | rowBit | colBit;
            double tr = (re[i00] + re[i11]) / 2;
            double ti = (im[i00] + im[i11]) / 2;
            re[i00] = (1 - lambda) * re[i00] + lambda * tr;
            im[i00] = (1 - lambda) * im[i00] + lambda * ti;
            re[i11] = (1 - lambda) * re[i11] + lambda * tr;
            im[i11] = (1 - lambda) * im[i11] + lambda * ti;
            re[i01] *= 1 - lambda;
            im[i01] *= 1 - lambda;
            re[i10] *= 1 - lambda;
            im[i10] *= 1 - lambda;
        }
    }

    /** Two-qubit depolarising channel with Pauli error probability p. */
    public void depolarize2(int qa, int qb, double p) {
        double lambda = p * 16.0 / 15.0;
        int[] rowBits = {1 << (2 * n - 1 - qa), 1 << (2 * n - 1 - qb)};
        int[] colBits = {1 << (n - 1 - qa), 1 << (n - 1 - qb)};
        int mask = rowBits[0] | rowBits[1] | colBits[0] | colBits[1];
        int dim = re.length;
        int[] rowOff = {0, rowBits[1], rowBits[0], rowBits[0] | rowBits[1]};
        int[] colOff = {0, colBits[1], colBits[0], colBits[0] | colBits[1]};
        for (int a = 0; a < dim; a++) {
            if ((a & mask) != 0) {
                continue;
            }
            double tr = 0;
            double ti = 0;
            for (int k = 0; k < 4; k++) {
                tr += re[a | rowOff[k] | colOff[k]];
                ti += im[a | rowOff[k] | colOff[k]];
            }
            tr /= 4;
            ti /= 4;
            for (int r = 0; r < 4; r++) {
                for (int c = 0; c < 4; c++) {
                    int i = a | rowOff[r] | colOff[c];
                    re[i] *= 1 - lambda;
                    im[i] *= 1 - lambda;
                    if (r == c) {
                        re[i] += lambda * tr;
                        im[i] += lambda * ti;
                    }
                }
            }
        }
    }

    /** The diagonal ρ[a][a]: outcome probabilities of measuring every wire. */
    public double[] probabilities() {
        int dim = 1 << n;
        double[] p = new double[dim];
        for (int a = 0; a < dim; a++) {
            p[a] = Math.max(0, re[(a << n) | a]);
        }
        return p;
    }

    /** ⟨ψ|ρ|ψ⟩ for a pure state ψ on the same register. */
    public double fidelity(StateVector psi) {
        int dim = 1 << n;
        double[] pr = psi.re();
        double[] pi = psi.im();
        double sumR = 0;
        for (int r = 0; r < dim; r++) {
            double rowR = 0;
            double rowI = 0;
            for (int c = 0; c < dim; c++) {
                double rr = re[(r << n) | c];
                double ri = im[(r << n) | c];
                rowR += rr * pr[c] - ri * pi[c];
                rowI += rr * pi[c] + ri * pr[c];
            }
            sumR += pr[r] * rowR + pi[r] * rowI;
        }
        return sumR;
    }

    /** Tr ρ (1 up to rounding: every channel here is trace preserving). */
    public double trace() {
        double t = 0;
        for (int a = 0; a < (1 << n); a++) {
            t += re[(a << n) | a];
        }
        return t;
    }
}
