package io.qdm.noise.noise;

import io.qdm.noise.random.DrawKey;
import io.qdm.noise.random.GaussianStream;
import io.qdm.noise.random.StreamId;
import io.qdm.noise.schedule.NoiseSchedule;

/**
 * The classical forward (noising) process on amplitude vectors (qdm-paper-notes §2): there is no quantum channel,
 * noise is added to the amplitudes, which callers renormalise where a quantum state is needed.
 *
 * <p>All vectors are interleaved complex ({@link Amplitudes}). Methods with an {@code out} argument write into it and
 * allocate nothing; {@code out} may be the same array as the input. Immutable and thread-safe.
 */
public final class ForwardProcess {
    private final NoiseSchedule schedule;
    private final NoiseForm form;
    private final NoiseField field;

    public ForwardProcess(NoiseSchedule schedule, NoiseForm form, NoiseField field) {
        if (schedule == null || form == null || field == null) {
            throw new IllegalArgumentException("schedule: schedule, form and field are all required");
        }
        this.schedule = schedule;
        this.form = form;
        this.field = field;
    }

    /** The authors' latent model [A]: T = 8 linear schedule, their code's noise form, complex noise. */
    public static ForwardProcess authorsLatent() {
        return new ForwardProcess(NoiseSchedule.authorsLatent(), NoiseForm.AUTHORS_CODE, NoiseField.COMPLEX);
    }

    public NoiseSchedule schedule() {
        return schedule;
    }

    public NoiseForm form() {
        return form;
    }

    public NoiseField field() {
        return field;
    }

    /**
     * Draws ε for {@code key} into {@code out} (interleaved, length 2·dim). COMPLEX: standard normals in the order
     * re_0, im_0, re_1, im_1, … ; REAL: re_k is the k-th standard normal and im_k = 0.
     */
    public void drawNoise(DrawKey key, double[] out) {
        GaussianStream g = key.gaussians();
        if (field == NoiseField.COMPLEX) {
            g.fillGaussian(out, 0, out.length);
        } else {
            for (int k = 0; k < out.length / 2; k++) {
                out[2 * k] = g.nextGaussian();
                out[2 * k + 1] = 0.0;
            }
        }
    }

    /** x_t = √ᾱ_t·x0 + c(ᾱ_t)·ε with c from {@link #form()} (a sample of q(x_t | x0)). */
    public void marginal(double[] x0, int t, double[] eps, double[] out) {
        double ab = schedule.alphaBar(t);
        axpby(Math.sqrt(ab), x0, form.marginalNoiseCoefficient(ab), eps, out);
    }

    /** One forward step with β_t: x' = √(1−β_t)·x + d(β_t)·ε with d from {@link #form()}. */
    public void step(double[] x, int t, double[] eps, double[] out) {
        double b = schedule.beta(t);
        axpby(Math.sqrt(1.0 - b), x, form.stepNoiseCoefficient(b), eps, out);
    }

    /**
     * The Noise call: x_t ~ q(x_t | x0) for each row, row i drawing ε from key (seed, firstSampleIndex + i, t,
     * {@link StreamId#MARGINAL_NOISE}), so a batch split anywhere gives the same rows.
     *
     * @param x0 rows of interleaved complex clean states, all of the same dimension
     * @throws IllegalArgumentException on ragged/empty rows, NaN/Inf, or t out of range (message names the field)
     */
    public double[][] noise(double[][] x0, int t, long seed, long firstSampleIndex, boolean normalise) {
        schedule.checkIndex("timestep", t);
        if (firstSampleIndex < 0) {
            throw new IllegalArgumentException("first_sample_index: must be >= 0, got " + firstSampleIndex);
        }
        requireRows("states", x0);
        double[][] out = new double[x0.length][];
        double[] eps = new double[x0[0].length];
        for (int i = 0; i < x0.length; i++) {
            drawNoise(new DrawKey(seed, firstSampleIndex + i, t, StreamId.MARGINAL_NOISE), eps);
            out[i] = new double[eps.length];
            marginal(x0[i], t, eps, out[i]);
            if (normalise) {
                Amplitudes.normaliseInPlace("states[" + i + "]", out[i]);
            }
        }
        return out;
    }

    /** Checks a batch of interleaved rows: non-empty, even equal lengths, finite. */
    public static void requireRows(String field, double[][] rows) {
        if (rows == null || rows.length == 0) {
            throw new IllegalArgumentException(field + ": at least one row is required");
        }
        int len = rows[0] == null ? 0 : rows[0].length;
        if (len == 0 || len % 2 != 0) {
            throw new IllegalArgumentException(field + ": row 0 has " + len
                    + " doubles; an interleaved complex row needs an even, positive number");
        }
        for (int i = 0; i < rows.length; i++) {
            if (rows[i] == null || rows[i].length != len) {
                throw new IllegalArgumentException(field + ": row " + i + " has dimension "
                        + (rows[i] == null ? 0 : rows[i].length / 2) + ", row 0 has " + len / 2);
            }
            Amplitudes.requireFinite(field + "[" + i + "]", rows[i]);
        }
    }

    private static void axpby(double a, double[] x, double b, double[] y, double[] out) {
        if (x.length != y.length || out.length != x.length) {
            throw new IllegalArgumentException("states: dimension mismatch (" + x.length / 2 + " vs noise "
                    + y.length / 2 + " vs output " + out.length / 2 + ")");
        }
        for (int i = 0; i < x.length; i++) {
            out[i] = a * x[i] + b * y[i];
        }
    }
}
