package io.qdm.noise.pairs;

import io.qdm.noise.noise.Amplitudes;
import io.qdm.noise.noise.ForwardProcess;
import io.qdm.noise.random.DrawKey;
import io.qdm.noise.random.StreamId;
import io.qdm.noise.schedule.NoiseSchedule;

/**
 * Makes single training pairs from a clean state x0 (notes §2.1 and §2.2). Randomness: the ε of x_t comes from
 * key (seed, drawIndex, t, {@link StreamId#MARGINAL_NOISE}) and, for one-step pairs, the ε of the extra step from
 * (seed, drawIndex, t, {@link StreamId#STEP_NOISE}); nothing else, so a pair depends only on its arguments.
 * Immutable and thread-safe.
 */
public final class TrainingPairMaker {
    private final ForwardProcess process;
    private final PairKind kind;

    public TrainingPairMaker(ForwardProcess process, PairKind kind) {
        if (process == null || kind == null) {
            throw new IllegalArgumentException("pair_kind: process and kind are required");
        }
        this.process = process;
        this.kind = kind;
    }

    public ForwardProcess process() {
        return process;
    }

    public PairKind kind() {
        return kind;
    }

    /**
     * @param x0 interleaved complex clean state (need not be normalised; the authors' x0 are unit vectors)
     * @throws IllegalArgumentException if t is out of range for the pair kind or x0 is not finite
     */
    public TrainingPair make(double[] x0, int label, int datasetIndex, long drawIndex, int t, long seed) {
        NoiseSchedule s = process.schedule();
        kind.checkTimestep("timestep", t, s);
        Amplitudes.requireFinite("x0", x0);
        double[] eps = new double[x0.length];
        double[] xt = new double[x0.length];
        process.drawNoise(new DrawKey(seed, drawIndex, t, StreamId.MARGINAL_NOISE), eps);
        process.marginal(x0, t, eps, xt);
        double[] input;
        double[] target;
        if (kind == PairKind.ONE_STEP) {
            // [A] circuit_training.py: target = assemble_input(x0, tstep); input = noise_step(target, tstep+1).
            target = xt;
            input = new double[x0.length];
            process.drawNoise(new DrawKey(seed, drawIndex, t, StreamId.STEP_NOISE), eps);
            process.step(target, t + 1, eps, input);
        } else {
            // [B] DDPM eq. (7): posterior mean of x_{t-1} given x_t and x0.
            double abPrev = s.alphaBar(t - 1);
            double ab = s.alphaBar(t);
            double beta = s.beta(t);
            if (!(1.0 - ab > 0)) {
                throw new IllegalArgumentException("timestep: " + t + " has alpha_bar = 1 (no noise yet), so the "
                        + "posterior mean is undefined");
            }
            double c0 = Math.sqrt(abPrev) * beta / (1.0 - ab);
            double c1 = Math.sqrt(1.0 - beta) * (1.0 - abPrev) / (1.0 - ab);
            input = xt;
            target = new double[x0.length];
            for (int i = 0; i < x0.length; i++) {
                target[i] = c0 * x0[i] + c1 * xt[i];
            }
        }
        Amplitudes.normaliseInPlace("input", input);
        Amplitudes.normaliseInPlace("target", target);
        return new TrainingPair(drawIndex, datasetIndex, label, t, input, target);
    }
}
