package io.qdm.noise.pairs;

import io.qdm.noise.noise.NoiseForm;
import io.qdm.noise.schedule.NoiseSchedule;
import java.util.Locale;

/** The training target a denoiser is fitted to. */
public enum PairKind {
    /**
     * [A] (notes §2.1): target = a sample of x_t ~ q(x_t | x0) at step index t, input = one further forward step of
     * that target with β_{t+1}; both L2-normalised. The denoiser learns |x_{t+1}⟩ → |x_t⟩. t ∈ [0, T−1].
     */
    ONE_STEP(NoiseForm.AUTHORS_CODE),
    /**
     * [B] (notes §2.2): input x_t ~ q(x_t | x0), target the DDPM posterior mean
     * μ̃_t = √ᾱ_{t−1}·β_t/(1−ᾱ_t)·x0 + √α_t·(1−ᾱ_{t−1})/(1−ᾱ_t)·x_t; both L2-normalised. t ∈ [1, T].
     */
    POSTERIOR_MEAN(NoiseForm.DDPM);

    private final NoiseForm defaultForm;

    PairKind(NoiseForm defaultForm) {
        this.defaultForm = defaultForm;
    }

    /** The noise form of the code this pair kind comes from (the default when a request leaves it unspecified). */
    public NoiseForm defaultForm() {
        return defaultForm;
    }

    /** Smallest valid timestep index. */
    public int firstTimestep() {
        return this == ONE_STEP ? 0 : 1;
    }

    /** Largest valid timestep index for {@code schedule} (T−1 for ONE_STEP, T for POSTERIOR_MEAN). */
    public int lastTimestep(NoiseSchedule schedule) {
        return this == ONE_STEP ? schedule.timesteps() - 1 : schedule.timesteps();
    }

    /** @throws IllegalArgumentException naming the field if t is outside [first, last] */
    public int checkTimestep(String field, int t, NoiseSchedule schedule) {
        if (t < firstTimestep() || t > lastTimestep(schedule)) {
            throw new IllegalArgumentException(field + ": " + t + " is out of range [" + firstTimestep() + ", "
                    + lastTimestep(schedule) + "] for " + this + " pairs with T = " + schedule.timesteps());
        }
        return t;
    }

    /** Parses "one-step" / "posterior-mean" (case-insensitive, '-' or '_'). */
    public static PairKind fromName(String name) {
        if (name != null) {
            String n = name.trim().toUpperCase(Locale.ROOT).replace('-', '_');
            for (PairKind k : values()) {
                if (k.name().equals(n)) {
                    return k;
                }
            }
        }
        throw new IllegalArgumentException("pair_kind: unknown pair kind '" + name
                + "' (expected one-step or posterior-mean)");
    }
}
