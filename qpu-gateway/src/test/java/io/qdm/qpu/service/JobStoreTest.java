package io.qdm.qpu.service;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

public class JobStoreTest {

    /** A fresh ACCEPTED job (also used by the messaging tests). */
    public static JobRecord job(String id, String key, String sha) {
        JobRecord j = new JobRecord();
        j.jobId = id;
        j.idempotencyKey = key;
        j.requestSha256 = sha;
        j.provider = "ibm";
        j.device = "ibm_torino";
        j.modelName = "m";
        j.modelVersion = "3";
        j.mode = "STEP_BY_STEP";
        j.seed = -1L;   // uint64 max survives the round trip
        j.createdAtMs = 5;
        return j;
    }

    @Test
    void persistsEveryChangeAndARestartKeepsFinishedJobsAndKeysAndFailsUnfinishedOnes(@TempDir Path dir) throws Exception {
        JobStore store = new JobStore(dir);
        List<JobState> seen = new ArrayList<>();
        store.addListener(j -> seen.add(j.state));
        store.insertOrGet(job("a", "key-a", "sha-a"));
        store.insertOrGet(job("b", "", "sha-b"));
        store.update("a", j -> {
            j.state = JobState.COMPLETED;
            j.vendorJobIds.add("d1abc");
            j.result = new double[][] {{0.6, 0.8}};
            j.layout = new int[] {4, 7};
            j.calibrationTime = "2026-11-26T00:00:00Z";
            j.firstSampleIndex = 512;
            j.clientContext = new byte[] {0, 1, -2, 127};
        });
        store.update("b", j -> {
            j.state = JobState.RUNNING;
            j.vendorJobIds.add("d2xyz");
        });
        assertThat(seen).containsExactly(JobState.ACCEPTED, JobState.ACCEPTED, JobState.COMPLETED, JobState.RUNNING);
        // terminal states never change
        assertThat(store.update("a", j -> j.state = JobState.FAILED).state).isEqualTo(JobState.COMPLETED);
        assertThat(Files.readString(dir.resolve("a.json"))).contains("\"vendor_job_ids\" : [ \"d1abc\" ]")
                .contains("\"seed\" : \"18446744073709551615\"");

        JobStore restarted = new JobStore(dir);
        assertThat(restarted.load()).isEqualTo(2);
        JobRecord a = restarted.require("a");
        assertThat(a.state).isEqualTo(JobState.COMPLETED);
        assertThat(a.result[0]).containsExactly(0.6, 0.8);
        assertThat(a.layout).containsExactly(4, 7);
        assertThat(a.seed).isEqualTo(-1L);
        assertThat(a.firstSampleIndex).isEqualTo(512);
        assertThat(a.clientContext).containsExactly(0, 1, -2, 127);
        JobRecord b = restarted.require("b");
        assertThat(b.state).isEqualTo(JobState.FAILED);
        assertThat(b.errorCode).isEqualTo("UNAVAILABLE");
        assertThat(b.errorMessage).isEqualTo("the gateway restarted before the job finished; vendor job ids: d2xyz");
        // the key still maps to job a: same request → same job, different request → conflict
        assertThat(restarted.insertOrGet(job("a", "key-a", "sha-a")).state).isEqualTo(JobState.COMPLETED);
        assertThatThrownBy(() -> restarted.insertOrGet(job("z", "key-a", "other")))
                .isInstanceOf(IdempotencyConflictException.class)
                .hasMessage("meta.idempotency_key: 'key-a' was used for a different request (job a)");
    }

    @Test
    void qubitCountOfWholeChains() {
        var cond = io.qdm.simulator.model.DenoiserSpec.conditionedLatent();   // n = 3, k = 4
        assertThat(QpuJobService.qubitsNeeded(cond, 1)).isEqualTo(8);
        assertThat(QpuJobService.qubitsNeeded(cond, 2)).isEqualTo(3 + 2 * 5);
        assertThat(QpuJobService.jobIdForKey("k")).isEqualTo(QpuJobService.jobIdForKey("k")).startsWith("qpu-")
                .isNotEqualTo(QpuJobService.jobIdForKey("k2"));
    }
}
