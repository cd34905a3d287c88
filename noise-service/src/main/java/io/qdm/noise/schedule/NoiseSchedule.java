package io.qdm.noise.schedule;

import java.util.Arrays;

/**
 * The betas of a forward process and what follows from them: α_t = 1 − β_t and ᾱ_t = ∏_{s≤t} α_s
 * ({@code cumprod}, so ᾱ at index 0 is 1 − β_0, which is 1 only when β_0 = 0). Index t runs over
 * {@code 0 .. length()-1}; {@link #timesteps()} is the T the schedule was built for. Immutable.
 *
 * <p>Values are computed the way numpy computes them ({@code linspace} as {@code i*step + start} with the last point set
 * to {@code stop}; a sequential {@code cumprod}), so they match the authors' arrays to the last bit or ulp.
 */
public final class NoiseSchedule {
    /** Largest T accepted; far above anything in the papers (8 and 10), it only bounds memory. */
    public static final int MAX_TIMESTEPS = 10_000;
    /** The follow-up's cosine offset s (notes §2.2). */
    public static final double COSINE_OFFSET = 1e-4;
    /** The follow-up's clip of cosine betas (notes §2.2). */
    public static final double COSINE_MAX_BETA = 0.999;

    private final ScheduleKind kind;
    private final int timesteps;
    private final double[] betas;
    private final double[] alphasBar;

    private NoiseSchedule(ScheduleKind kind, int timesteps, double[] betas) {
        this.kind = kind;
        this.timesteps = timesteps;
        this.betas = betas;
        this.alphasBar = new double[betas.length];
        double p = 1.0;
        for (int i = 0; i < betas.length; i++) {
            p *= 1.0 - betas[i];
            alphasBar[i] = p;
        }
    }

    /** The authors' latent model [A]: T = 8, β from 4e-3 to 0.4 on 9 points (notes §2.1). */
    public static NoiseSchedule authorsLatent() {
        return linear(8, 4e-3, 0.4);
    }

    /** [A] {@code betas = linspace(betaStart, betaEnd, T+1)}. */
    public static NoiseSchedule linear(int timesteps, double betaStart, double betaEnd) {
        checkTimesteps(timesteps);
        checkBeta("schedule.beta_start", betaStart);
        checkBeta("schedule.beta_end", betaEnd);
        return new NoiseSchedule(ScheduleKind.LINEAR, timesteps, linspace(betaStart, betaEnd, timesteps + 1));
    }

    /** [B] {@code betas = insert(linspace(betaStart, betaEnd, T+1), 0, 0)}: length T+2, ᾱ[0] = 1. */
    public static NoiseSchedule linearZeroPrepended(int timesteps, double betaStart, double betaEnd) {
        checkTimesteps(timesteps);
        checkBeta("schedule.beta_start", betaStart);
        checkBeta("schedule.beta_end", betaEnd);
        double[] l = linspace(betaStart, betaEnd, timesteps + 1);
        double[] b = new double[timesteps + 2];
        System.arraycopy(l, 0, b, 1, l.length);
        return new NoiseSchedule(ScheduleKind.LINEAR_ZERO_PREPENDED, timesteps, b);
    }

    /**
     * [B] cosine: with f(t) = cos²(π(t/T + s) / (2(1 + s))), s = 1e-4, g(t) = f(t)/f(0), h(t) = 1 − g(t)/g(t − 1),
     * {@code betas = clip(h(linspace(0, T, T+1) ** exponent), 0, 0.999)} (notes §2.2; β_0 clips to 0).
     */
    public static NoiseSchedule cosine(int timesteps, double exponent) {
        checkTimesteps(timesteps);
        if (!Double.isFinite(exponent) || exponent <= 0) {
            throw new IllegalArgumentException("schedule.cosine_exponent: must be a finite number > 0, got " + exponent);
        }
        double[] u = linspace(0, timesteps, timesteps + 1);
        double[] b = new double[u.length];
        for (int i = 0; i < u.length; i++) {
            double t = Math.pow(u[i], exponent);
            double h = 1.0 - cosineG(t, timesteps) / cosineG(t - 1, timesteps);
            b[i] = Math.min(Math.max(h, 0.0), COSINE_MAX_BETA);
        }
        return new NoiseSchedule(ScheduleKind.COSINE, timesteps, b);
    }

    /** β on every index 0..T. */
    public static NoiseSchedule constant(int timesteps, double beta) {
        checkTimesteps(timesteps);
        checkBeta("schedule.beta_start", beta);
        double[] b = new double[timesteps + 1];
        Arrays.fill(b, beta);
        return new NoiseSchedule(ScheduleKind.CONSTANT, timesteps, b);
    }

    private static double cosineF(double t, int T) {
        double c = Math.cos(Math.PI * (t / T + COSINE_OFFSET) / (2 * (1 + COSINE_OFFSET)));
        return c * c;
    }

    private static double cosineG(double t, int T) {
        return cosineF(t, T) / cosineF(0, T);
    }

    /** numpy.linspace(start, stop, num) with endpoint=True, reproduced operation for operation. */
    static double[] linspace(double start, double stop, int num) {
        double[] y = new double[num];
        if (num == 1) {
            y[0] = start;
            return y;
        }
        double step = (stop - start) / (num - 1);
        for (int i = 0; i < num; i++) {
            y[i] = step == 0 ? start + i * ((stop - start) / (num - 1)) : i * step + start;
        }
        y[num - 1] = stop;
        return y;
    }

    private static void checkTimesteps(int timesteps) {
        if (timesteps < 1 || timesteps > MAX_TIMESTEPS) {
            throw new IllegalArgumentException("schedule.timesteps: must be in [1, " + MAX_TIMESTEPS + "], got "
                    + timesteps);
        }
    }

    private static void checkBeta(String field, double beta) {
        if (!Double.isFinite(beta) || beta < 0 || beta >= 1) {
            throw new IllegalArgumentException(field + ": must be in [0, 1), got " + beta);
        }
    }

    public ScheduleKind kind() {
        return kind;
    }

    /** The T the schedule was built for (8 for the authors' latent model). */
    public int timesteps() {
        return timesteps;
    }

    /** Number of indices (T+1, or T+2 for {@link ScheduleKind#LINEAR_ZERO_PREPENDED}). */
    public int length() {
        return betas.length;
    }

    public double beta(int t) {
        return betas[checkIndex("timestep", t)];
    }

    public double alpha(int t) {
        return 1.0 - betas[checkIndex("timestep", t)];
    }

    public double alphaBar(int t) {
        return alphasBar[checkIndex("timestep", t)];
    }

    public double[] betas() {
        return betas.clone();
    }

    public double[] alphasBar() {
        return alphasBar.clone();
    }

    /**
     * @return {@code t} if it is a valid index
     * @throws IllegalArgumentException naming {@code field} and the valid range
     */
    public int checkIndex(String field, int t) {
        if (t < 0 || t >= betas.length) {
            throw new IllegalArgumentException(field + ": " + t + " is out of range [0, " + (betas.length - 1)
                    + "] for a " + kind + " schedule with T = " + timesteps);
        }
        return t;
    }

    @Override
    public String toString() {
        return kind + "(T=" + timesteps + ", betas=" + Arrays.toString(betas) + ")";
    }
}
