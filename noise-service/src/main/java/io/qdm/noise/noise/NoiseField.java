package io.qdm.noise.noise;

import java.util.Locale;

/** The distribution of ε per amplitude. */
public enum NoiseField {
    /**
     * ε = ε_re + i·ε_im with ε_re, ε_im ~ N(0, 1) independent, so E|ε|² = 2 per amplitude, as the authors'
     * {@code torch.view_as_complex(torch.randn(B, D, 2))} (notes §2). The default.
     */
    COMPLEX,
    /** ε ~ N(0, 1) real, imaginary part 0: the real-noise ablation. */
    REAL;

    /** Parses "complex" / "real" (case-insensitive). */
    public static NoiseField fromName(String name) {
        if (name != null) {
            String n = name.trim().toUpperCase(Locale.ROOT);
            for (NoiseField f : values()) {
                if (f.name().equals(n)) {
                    return f;
                }
            }
        }
        throw new IllegalArgumentException("schedule.field: unknown noise field '" + name + "' (expected complex or real)");
    }
}
