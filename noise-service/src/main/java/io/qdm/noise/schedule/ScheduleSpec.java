package io.qdm.noise.schedule;

/**
 * A schedule as requested (mirrors the fields of {@code qdm.noise.v1.NoiseSchedule} that define the betas).
 *
 * @param betaEnd        ignored by COSINE and CONSTANT
 * @param cosineExponent only for COSINE (the follow-up's default is 0.5)
 */
public record ScheduleSpec(ScheduleKind kind, int timesteps, double betaStart, double betaEnd, double cosineExponent) {

    /** The authors' latent-model schedule: LINEAR, T = 8, β 4e-3 → 0.4. */
    public static final ScheduleSpec AUTHORS_LATENT = new ScheduleSpec(ScheduleKind.LINEAR, 8, 4e-3, 0.4, 0);

    /** The follow-up's release default: zero-prepended linear with constant β = 0.01, T = 10. */
    public static final ScheduleSpec FOLLOW_UP_DEFAULT =
            new ScheduleSpec(ScheduleKind.LINEAR_ZERO_PREPENDED, 10, 1e-2, 1e-2, 0);

    /**
     * @throws IllegalArgumentException naming the field ("schedule.kind", "schedule.timesteps", ...) and the reason
     */
    public NoiseSchedule build() {
        if (kind == null) {
            throw new IllegalArgumentException("schedule.kind: missing (expected linear, linear-zero-prepended, "
                    + "cosine or constant)");
        }
        return switch (kind) {
            case LINEAR -> NoiseSchedule.linear(timesteps, betaStart, betaEnd);
            case LINEAR_ZERO_PREPENDED -> NoiseSchedule.linearZeroPrepended(timesteps, betaStart, betaEnd);
            case COSINE -> NoiseSchedule.cosine(timesteps, cosineExponent);
            case CONSTANT -> NoiseSchedule.constant(timesteps, betaStart);
        };
    }
}
