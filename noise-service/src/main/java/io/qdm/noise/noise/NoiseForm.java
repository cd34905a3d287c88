package io.qdm.noise.noise;

import java.util.Locale;

/**
 * Which coefficients scale the noise ε (qdm-paper-notes §2.1). The authors' released code deviates from DDPM; both
 * are kept behind this option. The signal coefficients are the same in both: √ᾱ_t for x_t ~ q(x_t|x0) and √(1−β_t)
 * for one forward step.
 */
public enum NoiseForm {
    /** [A] code: x_t = √ᾱ_t·x0 + (1−ᾱ_t)·ε ; one step x' = √(1−β_t)·x + β_t·ε. Default for the authors' models. */
    AUTHORS_CODE {
        @Override
        public double marginalNoiseCoefficient(double alphaBar) {
            return 1.0 - alphaBar;
        }

        @Override
        public double stepNoiseCoefficient(double beta) {
            return beta;
        }
    },
    /** DDPM eq. (4) and the follow-up [B]: x_t = √ᾱ_t·x0 + √(1−ᾱ_t)·ε ; one step x' = √(1−β_t)·x + √β_t·ε. */
    DDPM {
        @Override
        public double marginalNoiseCoefficient(double alphaBar) {
            return Math.sqrt(1.0 - alphaBar);
        }

        @Override
        public double stepNoiseCoefficient(double beta) {
            return Math.sqrt(beta);
        }
    };

    /** The factor of ε in x_t ~ q(x_t | x0). */
    public abstract double marginalNoiseCoefficient(double alphaBar);

    /** The factor of ε in one forward step with β_t. */
    public abstract double stepNoiseCoefficient(double beta);

    /** Parses "authors-code" / "authors_code" / "ddpm" (case-insensitive). */
    public static NoiseForm fromName(String name) {
        if (name != null) {
            String n = name.trim().toUpperCase(Locale.ROOT).replace('-', '_');
            for (NoiseForm f : values()) {
                if (f.name().equals(n)) {
                    return f;
                }
            }
        }
        throw new IllegalArgumentException("schedule.form: unknown noise form '" + name
                + "' (expected authors-code or ddpm)");
    }
}
