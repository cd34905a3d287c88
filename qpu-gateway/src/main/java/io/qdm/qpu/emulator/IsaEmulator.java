package io.qdm.qpu.emulator;

import io.qdm.qpu.circuit.Op;
import io.qdm.qpu.circuit.ProgramReadout;
import io.qdm.qpu.transpile.IsaCircuit;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Runs an ISA circuit as a device would: the physical qubits it touches are emulated (noiselessly on a state
 * vector, or on a density matrix with {@link NoiseParameters}), then each logical wire i is read from physical qubit
 * {@code finalLayout[i]}. Outcome probabilities are indexed like a program state (wire 0 = most significant bit);
 * samples use the device convention (bit i = classical bit c[i] = wire i).
 */
public final class IsaEmulator {

    private IsaEmulator() {
    }

    /** Exact outcome distribution over the logical wires, including readout error when {@code noise} has one. */
    public static double[] probabilities(IsaCircuit circuit, NoiseParameters noise) {
        int[] used = circuit.usedQubits();
        int[] compact = new int[circuit.target().numQubits()];
        java.util.Arrays.fill(compact, -1);
        for (int i = 0; i < used.length; i++) {
            compact[used[i]] = i;
        }
        List<Op> ops = new ArrayList<>(circuit.ops().size());
        for (Op op : circuit.ops()) {
            int[] q = op.qubits().clone();
            for (int j = 0; j < q.length; j++) {
                q[j] = compact[q[j]];
            }
            ops.add(op.onQubits(q));
        }
        boolean noisy = noise != null
                && (noise.depolarizing1q() > 0 || noise.depolarizing2q() > 0);
        double[] physical = noisy
                ? new DensityMatrix(used.length).run(ops, noise).probabilities()
                : new StateVector(used.length).apply(ops).probabilities();
        int m = used.length;
        int n = circuit.numClbits();
        int[] shift = new int[n];
        for (int i = 0; i < n; i++) {
            shift[i] = m - 1 - compact[circuit.finalLayout()[i]];
        }
        double[] logical = new double[1 << n];
        for (int a = 0; a < physical.length; a++) {
            double p = physical[a];
            if (p == 0) {
                continue;
            }
            int index = 0;
            for (int i = 0; i < n; i++) {
                index = (index << 1) | ((a >> shift[i]) & 1);
            }
            logical[index] += p;
        }
        if (noise != null && noise.readoutError() > 0) {
            applyReadoutError(logical, n, noise.readoutError());
        }
        return logical;
    }

    /** Independent bit flips with probability e on every wire, applied exactly to the distribution in place. */
    static void applyReadoutError(double[] p, int n, double e) {
        for (int w = 0; w < n; w++) {
            int bit = 1 << (n - 1 - w);
            for (int a = 0; a < p.length; a++) {
                if ((a & bit) == 0) {
                    double p0 = p[a];
                    double p1 = p[a | bit];
                    p[a] = (1 - e) * p0 + e * p1;
                    p[a | bit] = (1 - e) * p1 + e * p0;
                }
            }
        }
    }

    /** {@code shots} samples from a distribution over n wires, in the device convention (bit i = wire i). */
    public static long[] sample(double[] probabilities, int n, int shots, RandomGenerator rng) {
        double[] cumulative = new double[probabilities.length];
        double total = 0;
        for (int a = 0; a < probabilities.length; a++) {
            total += probabilities[a];
            cumulative[a] = total;
        }
        long[] out = new long[shots];
        for (int s = 0; s < shots; s++) {
            double u = rng.nextDouble() * total;
            int lo = 0;
            int hi = probabilities.length - 1;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (cumulative[mid] > u) {
                    hi = mid;
                } else {
                    lo = mid + 1;
                }
            }
            out[s] = ProgramReadout.indexToSample(lo, n);
        }
        return out;
    }
}
