package io.qdm.qpu.circuit;

import io.qdm.simulator.gate.GateKind;

import java.util.ArrayList;
import java.util.List;

/**
 * Amplitude encoding of an arbitrary complex vector x (2^m amplitudes, any non-zero norm) from |0…0⟩ on m wires, by
 * uniformly controlled rotations (Möttönen, Vartiainen, Bergholm, Salomaa, "Transformation of quantum states using
 * uniformly controlled rotations", QIC 5 (2005); the same cascade as Shende–Bullock–Markov 2006 and PennyLane's
 * {@code MottonenStatePreparation}).
 *
 * <p>Moduli: for target wire q (MSB first), one RY per value p of the more significant wires 0..q−1, with angle
 * 2·asin(‖x restricted to prefix p, bit q = 1‖ / ‖x restricted to prefix p‖) (0 when the prefix has no weight).
 * Phases: one RZ per prefix with angle mean(ω over the "1" subtree) − mean(ω over the "0" subtree); the mean of all
 * ω is a global phase and is not applied. Each uniformly controlled rotation on k controls is 2^k plain rotations
 * interleaved with 2^k CNOTs chosen by the Gray code, angles θ' = M·α / 2^k with M_ij = (−1)^popcount(j ∧ g(i)),
 * g(i) = i ⊕ (i ≫ 1) (Möttönen eq. 3). Cost: 2^{m+1} − 2 CNOTs for moduli, as many again for phases.
 */
public final class StatePreparation {

    /** Moduli below this are treated as zero when deciding angles (the prepared state is then exact to rounding). */
    private static final double ZERO = 1e-300;

    private StatePreparation() {
    }

    /**
     * The gates preparing x/‖x‖ (up to a global phase) on {@code wires} (wires[0] = most significant bit of the
     * amplitude index).
     *
     * @param re real parts, length 2^wires.length
     * @param im imaginary parts (null: real vector)
     */
    public static List<Op> prepare(double[] re, double[] im, int[] wires) {
        int m = wires.length;
        int dim = 1 << m;
        if (re.length != dim || (im != null && im.length != dim)) {
            throw new IllegalArgumentException("state has " + re.length + " amplitudes, expected 2^" + m + " = " + dim);
        }
        double[] mod = new double[dim];
        double[] phase = new double[dim];
        boolean hasPhase = false;
        double norm = 0;
        for (int j = 0; j < dim; j++) {
            double r = re[j];
            double i = im == null ? 0 : im[j];
            if (!Double.isFinite(r) || !Double.isFinite(i)) {
                throw new IllegalArgumentException("amplitude " + j + " is not finite");
            }
            mod[j] = Math.hypot(r, i);
            phase[j] = Math.atan2(i, r);
            hasPhase |= phase[j] != 0;
            norm += mod[j] * mod[j];
        }
        if (!(norm > 0)) {
            throw new IllegalArgumentException("cannot prepare the zero vector");
        }
        List<Op> ops = new ArrayList<>();
        for (int q = 0; q < m; q++) {
            double[] alpha = ryAngles(mod, m, q);
            uniformlyControlled(GateKind.RY, alpha, wires, q, ops);
        }
        if (hasPhase) {
            for (int q = 0; q < m; q++) {
                double[] alpha = rzAngles(phase, m, q);
                uniformlyControlled(GateKind.RZ, alpha, wires, q, ops);
            }
        }
        return ops;
    }

    /** RY angle per prefix (value of wires 0..q−1) for target wire q. */
    static double[] ryAngles(double[] mod, int m, int q) {
        int prefixes = 1 << q;
        int block = 1 << (m - q);          // amplitudes sharing a prefix
        int half = block / 2;
        double[] alpha = new double[prefixes];
        for (int p = 0; p < prefixes; p++) {
            double zero = 0;
            double one = 0;
            for (int l = 0; l < half; l++) {
                double a0 = mod[p * block + l];
                double a1 = mod[p * block + half + l];
                zero += a0 * a0;
                one += a1 * a1;
            }
            double total = zero + one;
            alpha[p] = total > ZERO ? 2 * Math.atan2(Math.sqrt(one), Math.sqrt(zero)) : 0.0;
        }
        return alpha;
    }

    /** RZ angle per prefix for target wire q: mean phase of the "1" subtree minus mean phase of the "0" subtree. */
    static double[] rzAngles(double[] phase, int m, int q) {
        int prefixes = 1 << q;
        int block = 1 << (m - q);
        int half = block / 2;
        double[] alpha = new double[prefixes];
        for (int p = 0; p < prefixes; p++) {
            double diff = 0;
            for (int l = 0; l < half; l++) {
                diff += phase[p * block + half + l] - phase[p * block + l];
            }
            alpha[p] = diff / half;
        }
        return alpha;
    }

    /**
     * A rotation on wires[q] whose angle is alpha[p] when the controls wires[0..q−1] hold the value p (wires[0] the
     * most significant control bit). Zero-angle rotations are omitted; the CNOTs are always emitted.
     */
    static void uniformlyControlled(GateKind rotation, double[] alpha, int[] wires, int q, List<Op> ops) {
        int target = wires[q];
        int k = q;
        int n = 1 << k;
        if (k == 0) {
            if (alpha[0] != 0) {
                ops.add(Op.of(rotation, target, alpha[0]));
            }
            return;
        }
        double[] theta = new double[n];
        for (int i = 0; i < n; i++) {
            int gray = i ^ (i >> 1);
            double sum = 0;
            for (int j = 0; j < n; j++) {
                sum += (Integer.bitCount(j & gray) % 2 == 0 ? 1 : -1) * alpha[j];
            }
            theta[i] = sum / n;
        }
        for (int i = 0; i < n; i++) {
            if (theta[i] != 0) {
                ops.add(Op.of(rotation, target, theta[i]));
            }
            int g0 = i ^ (i >> 1);
            int next = (i + 1) % n;
            int g1 = next ^ (next >> 1);
            int bit = Integer.numberOfTrailingZeros(g0 ^ g1);   // bit b of the control value = wires[q−1−b]
            ops.add(Op.of2(GateKind.CNOT, wires[q - 1 - bit], target));
        }
    }
}
