package io.qdm.noise;

import io.qdm.noise.noise.ForwardProcess;
import io.qdm.noise.noise.NoiseField;
import io.qdm.noise.noise.NoiseForm;
import io.qdm.noise.schedule.ScheduleSpec;

/**
 * A forward process as requested (proto {@code qdm.noise.v1.NoiseSchedule} with its defaults resolved): the betas,
 * the noise form and the noise field.
 */
public record ProcessSpec(ScheduleSpec schedule, NoiseForm form, NoiseField field) {

    /** The authors' latent model [A]: linear T = 8, β 4e-3 → 0.4, their code's noise form, complex noise. */
    public static final ProcessSpec AUTHORS_LATENT =
            new ProcessSpec(ScheduleSpec.AUTHORS_LATENT, NoiseForm.AUTHORS_CODE, NoiseField.COMPLEX);

    /** @throws IllegalArgumentException naming the schedule field at fault */
    public ForwardProcess build() {
        return new ForwardProcess(schedule.build(), form, field);
    }
}
