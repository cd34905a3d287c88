package io.qdm.qpu.circuit;

import io.qdm.simulator.model.AncillaMode;

/**
 * Reads a denoiser's output out of measured shots (notes §8: "discarding shots with ancilla = 1 … |amplitude|
 * estimated as √(counts/shots)"). Shot outcomes use the sample convention: bit w of the integer is wire w.
 *
 * <p>Per step, in the order the simulator applies them: the ancilla reduction, then the label post-selection.
 * {@link AncillaMode#POSTSELECT_ZERO} keeps ancilla = 0. {@link AncillaMode#SAMPLED_MEASUREMENT} reproduces the
 * authors' sampled branch: with the step's uniform u and the observed fraction p̂0 of surviving shots whose ancilla
 * reads 0, the branch is 0 if u &lt; p̂0 else 1, and the shots of that branch are kept. Moduli are
 * √(count_j / kept) over the data register.
 */
public final class ProgramReadout {

    private ProgramReadout() {
    }

    /**
     * @param data    estimated moduli over the data register (unit norm; all zero when nothing was kept)
     * @param kept    weight of the kept outcomes (shots, or probability mass for exact distributions)
     * @param total   weight of all outcomes
     */
    public record Estimate(double[] moduli, double[] counts, double kept, double total) {
        public double successRate() {
            return total > 0 ? kept / total : 0;
        }
    }

    /** From per-shot samples. */
    public static Estimate fromSamples(long[] samples, DenoiserProgram layout, int label, AncillaMode mode,
                                       double[] uniforms) {
        double[] w = new double[samples.length];
        java.util.Arrays.fill(w, 1.0);
        return estimate(samples, w, layout, label, mode, uniforms);
    }

    /** From an exact distribution over basis indices of the whole program (wire 0 = most significant bit). */
    public static Estimate fromProbabilities(double[] probabilities, DenoiserProgram layout, int label,
                                             AncillaMode mode, double[] uniforms) {
        int n = layout.program().numQubits();
        int nonZero = 0;
        for (double p : probabilities) {
            if (p > 0) {
                nonZero++;
            }
        }
        long[] outcomes = new long[nonZero];
        double[] weights = new double[nonZero];
        int i = 0;
        for (int a = 0; a < probabilities.length; a++) {
            if (probabilities[a] > 0) {
                outcomes[i] = indexToSample(a, n);
                weights[i++] = probabilities[a];
            }
        }
        return estimate(outcomes, weights, layout, label, mode, uniforms);
    }

    /** A state-vector index (wire 0 = MSB of n bits) as a sample (bit w = wire w). */
    public static long indexToSample(long index, int n) {
        return Long.reverse(index) >>> (64 - n);
    }

    static Estimate estimate(long[] outcomes, double[] weights, DenoiserProgram layout, int label, AncillaMode mode,
                             double[] uniforms) {
        boolean[] alive = new boolean[outcomes.length];
        java.util.Arrays.fill(alive, true);
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        int k = layout.labelWires().length == 0 ? 0 : layout.labelWires()[0].length;
        for (int s = 0; s < layout.steps(); s++) {
            long ancillaBit = 1L << layout.ancillaWires()[s];
            int branch = 0;
            if (mode == AncillaMode.SAMPLED_MEASUREMENT) {
                double zero = 0;
                double all = 0;
                for (int i = 0; i < outcomes.length; i++) {
                    if (alive[i]) {
                        all += weights[i];
                        if ((outcomes[i] & ancillaBit) == 0) {
                            zero += weights[i];
                        }
                    }
                }
                double p0 = all > 0 ? zero / all : 1;
                branch = uniforms[s] < p0 ? 0 : 1;
            }
            int[] labelWires = layout.labelWires()[s];
            for (int i = 0; i < outcomes.length; i++) {
                if (!alive[i]) {
                    continue;
                }
                boolean ancillaOk = ((outcomes[i] & ancillaBit) == 0) == (branch == 0);
                boolean labelOk = true;
                for (int j = 0; j < k && labelOk; j++) {
                    int expected = (label >> (k - 1 - j)) & 1;
                    labelOk = (int) ((outcomes[i] >> labelWires[j]) & 1) == expected;
                }
                alive[i] = ancillaOk && labelOk;
            }
        }
        int[] data = layout.dataWires();
        double[] counts = new double[1 << data.length];
        double kept = 0;
        for (int i = 0; i < outcomes.length; i++) {
            if (!alive[i]) {
                continue;
            }
            int j = 0;
            for (int d = 0; d < data.length; d++) {
                j = (j << 1) | (int) ((outcomes[i] >> data[d]) & 1);
            }
            counts[j] += weights[i];
            kept += weights[i];
        }
        double[] moduli = new double[counts.length];
        if (kept > 0) {
            for (int j = 0; j < counts.length; j++) {
                moduli[j] = Math.sqrt(counts[j] / kept);
            }
        }
        return new Estimate(moduli, counts, kept, total);
    }
}
