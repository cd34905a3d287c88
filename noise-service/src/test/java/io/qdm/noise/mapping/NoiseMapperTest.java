package io.qdm.noise.mapping;

import io.qdm.noise.PairRun;
import io.qdm.noise.ProcessSpec;
import io.qdm.noise.noise.NoiseField;
import io.qdm.noise.noise.NoiseForm;
import io.qdm.noise.pairs.PairKind;
import io.qdm.noise.schedule.ScheduleKind;
import io.qdm.noise.schedule.ScheduleSpec;
import io.qdm.proto.noise.v1.DatasetSpec;
import io.qdm.proto.noise.v1.NoiseSchedule;
import io.qdm.proto.noise.v1.TrainingPairsRequest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NoiseMapperTest {

    @Test
    void anEmptyScheduleIsTheAuthorsLatentProcess() {
        assertThat(NoiseMapper.toProcess(NoiseSchedule.getDefaultInstance(), NoiseForm.AUTHORS_CODE))
                .isEqualTo(new ProcessSpec(new ScheduleSpec(ScheduleKind.LINEAR, 8, 4e-3, 0.4, 0.5),
                        NoiseForm.AUTHORS_CODE, NoiseField.COMPLEX));
    }

    @Test
    void explicitFieldsAreKeptAndOnlyZeroesDefault() {
        NoiseSchedule s = NoiseSchedule.newBuilder()
                .setKind(io.qdm.proto.noise.v1.ScheduleKind.SCHEDULE_KIND_LINEAR_ZERO_PREPENDED)
                .setTimesteps(10).setBetaStart(1e-2).setBetaEnd(1e-2)
                .setForm(io.qdm.proto.noise.v1.NoiseForm.NOISE_FORM_DDPM)
                .setField(io.qdm.proto.noise.v1.NoiseField.NOISE_FIELD_REAL).build();
        assertThat(NoiseMapper.toProcess(s, NoiseForm.AUTHORS_CODE)).isEqualTo(new ProcessSpec(
                new ScheduleSpec(ScheduleKind.LINEAR_ZERO_PREPENDED, 10, 1e-2, 1e-2, 0.5), NoiseForm.DDPM, NoiseField.REAL));
        // A zero-prepended schedule with zero betas is not replaced by the authors' betas (only LINEAR is).
        assertThat(NoiseMapper.toProcess(s.toBuilder().setBetaStart(0).setBetaEnd(0).build(), NoiseForm.DDPM)
                .schedule().betaEnd()).isZero();
    }

    @Test
    void posteriorMeanPairsDefaultToTheDdpmForm() {
        PairRun run = NoiseMapper.toPairRun(TrainingPairsRequest.newBuilder()
                .setDataset(DatasetSpec.newBuilder().setName("latent"))
                .setPairKind(io.qdm.proto.noise.v1.PairKind.PAIR_KIND_POSTERIOR_MEAN).setBatchSize(4).build());
        assertThat(run.kind()).isEqualTo(PairKind.POSTERIOR_MEAN);
        assertThat(run.process().form()).isEqualTo(NoiseForm.DDPM);
        assertThat(run.epochs()).isEqualTo(1);
        assertThat(NoiseMapper.toPairRun(TrainingPairsRequest.newBuilder()
                .setDataset(DatasetSpec.newBuilder().setName("latent")).build()).process().form())
                .isEqualTo(NoiseForm.AUTHORS_CODE);
    }

    @Test
    void unknownEnumNumbersAndAMissingDatasetNameTheField() {
        assertThatThrownBy(() -> NoiseMapper.toProcess(NoiseSchedule.newBuilder().setFormValue(9).build(),
                NoiseForm.AUTHORS_CODE)).hasMessage("schedule.form: unknown noise form 9 (expected AUTHORS_CODE or DDPM)");
        assertThatThrownBy(() -> NoiseMapper.toProcess(NoiseSchedule.newBuilder().setFieldValue(5).build(),
                NoiseForm.AUTHORS_CODE)).hasMessage("schedule.field: unknown noise field 5 (expected COMPLEX or REAL)");
        assertThatThrownBy(() -> NoiseMapper.toPairRun(TrainingPairsRequest.newBuilder()
                .setDataset(DatasetSpec.newBuilder().setName("latent")).setPairKindValue(4).build()))
                .hasMessage("pair_kind: unknown pair kind 4 (expected ONE_STEP or POSTERIOR_MEAN)");
        assertThatThrownBy(() -> NoiseMapper.toPairRun(TrainingPairsRequest.getDefaultInstance()))
                .hasMessage("dataset: missing (expected name mnist, fashion-mnist or latent)");
    }
}
