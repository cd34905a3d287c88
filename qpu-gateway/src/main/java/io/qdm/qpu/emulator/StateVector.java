package io.qdm.qpu.emulator;

import io.qdm.qpu.circuit.Op;

import java.util.Arrays;
import java.util.List;

/**
 * A dense state on n qubits for gate-level emulation of bound circuits. Layout: split real/imaginary arrays,
 * amplitude a at index a; wire 0 is the most significant bit of a (the simulator's convention). The exact
 * reference for denoiser outputs stays the simulator library's {@code Denoiser}; this class runs arbitrary
 * {@link Op} lists (state preparation, ISA circuits) that the library's trainable-block IR does not describe.
 */
public final class StateVector {
    /** Largest register emulated (2^24 amplitudes = 256 MiB of doubles). */
    public static final int MAX_QUBITS = 24;

    private final int numQubits;
    private final double[] re;
    private final double[] im;

    /** |0…0⟩ on n qubits. */
    public StateVector(int numQubits) {
        if (numQubits < 1 || numQubits > MAX_QUBITS) {
            throw new IllegalArgumentException("the emulator supports 1.." + MAX_QUBITS + " qubits, got " + numQubits);
        }
        this.numQubits = numQubits;
        this.re = new double[1 << numQubits];
        this.im = new double[1 << numQubits];
        re[0] = 1;
    }

    /** A copy of the given amplitudes (length 2^n). */
    public StateVector(double[] re, double[] im) {
        this(Integer.numberOfTrailingZeros(re.length));
        if (Integer.bitCount(re.length) != 1 || im.length != re.length) {
            throw new IllegalArgumentException("amplitude arrays must have equal power-of-two length");
        }
        System.arraycopy(re, 0, this.re, 0, re.length);
        System.arraycopy(im, 0, this.im, 0, im.length);
    }

    public int numQubits() {
        return numQubits;
    }

    public double[] re() {
        return re;
    }

    public double[] im() {
        return im;
    }

    public StateVector apply(List<Op> ops) {
        for (Op op : ops) {
            apply(op);
        }
        return this;
    }

    public StateVector apply(Op op) {
        double[] m = op.matrix();
        if (op.isTwoQubit()) {
            Kernels.apply2(re, im, numQubits, op.qubits()[0], op.qubits()[1], m);
        } else {
            Kernels.apply1(re, im, numQubits, op.qubits()[0], m);
        }
        return this;
    }

    /** |amplitude|² per basis index. */
    public double[] probabilities() {
        double[] p = new double[re.length];
        for (int a = 0; a < p.length; a++) {
            p[a] = re[a] * re[a] + im[a] * im[a];
        }
        return p;
    }

    /** |⟨this|other⟩|² / (‖this‖²‖other‖²). */
    public double fidelity(StateVector other) {
        return fidelity(re, im, other.re, other.im);
    }

    public static double fidelity(double[] aRe, double[] aIm, double[] bRe, double[] bIm) {
        double cr = 0;
        double ci = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < aRe.length; i++) {
            cr += aRe[i] * bRe[i] + aIm[i] * bIm[i];
            ci += aRe[i] * bIm[i] - aIm[i] * bRe[i];
            na += aRe[i] * aRe[i] + aIm[i] * aIm[i];
            nb += bRe[i] * bRe[i] + bIm[i] * bIm[i];
        }
        return (cr * cr + ci * ci) / (na * nb);
    }

    @Override
    public String toString() {
        return "StateVector" + Arrays.toString(re) + Arrays.toString(im);
    }
}
