package io.qdm.circuit.jobs;

import io.qdm.proto.common.v1.ErrorDetail;
import io.qdm.proto.common.v1.JobState;
import io.qdm.proto.common.v1.ModelRef;
import io.qdm.proto.generation.v1.GenerationJob;
import io.qdm.proto.generation.v1.GenerationStatus;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class JobTableTest {

    private static GenerationStatus accepted(String job, int batches, long samples) {
        return GenerationStatus.newBuilder().setJobId(job).setState(JobState.JOB_STATE_ACCEPTED).setStage("circuit")
                .setBatchIndex(-1).setBatchesTotal(batches).setSamplesTotal(samples).setAtMs(100).build();
    }

    private static GenerationStatus decoded(String job, int batch, int batches, int rows) {
        return GenerationStatus.newBuilder().setJobId(job).setState(JobState.JOB_STATE_COMPLETED).setStage("latent")
                .setBatchIndex(batch).setBatchesTotal(batches).setBatchSamples(rows).setAtMs(200 + batch).build();
    }

    @Test
    void foldsAcceptedThenBatchesIntoRunningThenCompletedCountingRedeliveredBatchesOnce() {
        JobTable table = new JobTable(10);
        table.apply(accepted("j", 3, 25));
        assertThat(table.get("j").orElseThrow().getState()).isEqualTo(JobState.JOB_STATE_ACCEPTED);

        table.apply(decoded("j", 1, 3, 10));
        table.apply(decoded("j", 1, 3, 10)); // redelivered
        GenerationJob running = table.get("j").orElseThrow();
        assertThat(running.getState()).isEqualTo(JobState.JOB_STATE_RUNNING);
        assertThat(running.getBatchesDone()).isEqualTo(1);
        assertThat(running.getSamplesDone()).isEqualTo(10);

        table.apply(decoded("j", 0, 3, 10));
        table.apply(decoded("j", 2, 3, 5));
        GenerationJob done = table.get("j").orElseThrow();
        assertThat(done.getState()).isEqualTo(JobState.JOB_STATE_COMPLETED);
        assertThat(done.getSamplesDone()).isEqualTo(25);
        assertThat(done.getSamplesTotal()).isEqualTo(25);
        assertThat(done.getBatchesDone()).isEqualTo(3);
        assertThat(done.getUpdatedAtMs()).isEqualTo(202);
    }

    @Test
    void terminalStatesNeverChangeAndFailuresNameTheStageAndBatch() {
        JobTable table = new JobTable(10);
        table.apply(accepted("f", 2, 4));
        table.apply(GenerationStatus.newBuilder().setJobId("f").setState(JobState.JOB_STATE_FAILED).setStage("latent")
                .setBatchIndex(1).setError(ErrorDetail.newBuilder().setField("states").setMessage("states: NaN"))
                .build());
        table.apply(decoded("f", 0, 2, 2));
        GenerationJob failed = table.get("f").orElseThrow();
        assertThat(failed.getState()).isEqualTo(JobState.JOB_STATE_FAILED);
        assertThat(failed.getError().getMessage()).isEqualTo("latent batch 1: states: NaN");
        assertThat(failed.getError().getField()).isEqualTo("states");

        table.apply(accepted("c", 2, 4));
        table.apply(GenerationStatus.newBuilder().setJobId("c").setState(JobState.JOB_STATE_CANCELLED).build());
        table.apply(decoded("c", 0, 2, 2));
        table.apply(decoded("c", 1, 2, 2));
        assertThat(table.isCancelled("c")).isTrue();
        assertThat(table.get("c").orElseThrow().getState()).isEqualTo(JobState.JOB_STATE_CANCELLED);
    }

    @Test
    void aSubmittedJobIsAcceptedBeforeItsEventArrivesAndListsNewestFirstByState() {
        JobTable table = new JobTable(10);
        GenerationJob submitted = table.submitted("a", "req-a", ModelRef.newBuilder().setName("m").setVersion("2").build(),
                7, 1_000);
        assertThat(submitted.getState()).isEqualTo(JobState.JOB_STATE_ACCEPTED);
        assertThat(submitted.getRequestId()).isEqualTo("req-a");
        assertThat(submitted.getMetricsRunId()).isEqualTo("a");
        table.submitted("b", "req-b", ModelRef.getDefaultInstance(), 1, 2_000);
        table.apply(accepted("b", 1, 1));
        table.apply(decoded("b", 0, 1, 1));
        assertThat(table.list(Set.of(), 0)).extracting(GenerationJob::getJobId).containsExactly("b", "a");
        assertThat(table.list(Set.of(JobState.JOB_STATE_COMPLETED), 0)).extracting(GenerationJob::getJobId)
                .containsExactly("b");
        assertThat(table.list(Set.of(), 1)).hasSize(1);
        assertThat(table.get("nope")).isEmpty();
    }

    @Test
    void evictsTheOldestFinishedJobsBeyondCapacityButKeepsRunningOnes() {
        JobTable table = new JobTable(2);
        table.apply(accepted("running", 5, 50));
        table.apply(accepted("done1", 1, 1));
        table.apply(decoded("done1", 0, 1, 1));
        table.apply(accepted("done2", 1, 1));
        table.apply(decoded("done2", 0, 1, 1));
        assertThat(table.size()).isEqualTo(2);
        assertThat(table.get("running")).isPresent();
        assertThat(table.get("done1")).as("oldest finished job evicted").isEmpty();
    }
}
