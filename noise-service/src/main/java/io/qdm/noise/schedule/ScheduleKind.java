package io.qdm.noise.schedule;

import java.util.Locale;

/** How the betas of a schedule are laid out (qdm-paper-notes §2). */
public enum ScheduleKind {
    /** Authors' code [A]: {@code linspace(β_start, β_end, T+1)}, indices 0..T; ᾱ[0] = 1 − β_start (not 1). */
    LINEAR,
    /** Follow-up [B]: {@code [0] + linspace(β_start, β_end, T+1)}, indices 0..T+1; ᾱ[0] = 1. */
    LINEAR_ZERO_PREPENDED,
    /** Follow-up [B] cosine schedule at {@code linspace(0, T, T+1) ** exponent}, clipped to [0, 0.999]; T+1 values. */
    COSINE,
    /** β_start on every index 0..T (T+1 values, like LINEAR with β_start = β_end). */
    CONSTANT;

    /** Parses "linear", "linear-zero-prepended", "cosine", "constant" (case-insensitive, '-' or '_'). */
    public static ScheduleKind fromName(String name) {
        if (name != null) {
            String n = name.trim().toUpperCase(Locale.ROOT).replace('-', '_');
            for (ScheduleKind k : values()) {
                if (k.name().equals(n)) {
                    return k;
                }
            }
        }
        throw new IllegalArgumentException("schedule.kind: unknown schedule '" + name
                + "' (expected linear, linear-zero-prepended, cosine or constant)");
    }
}
