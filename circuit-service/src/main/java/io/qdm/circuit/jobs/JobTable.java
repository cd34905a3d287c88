package io.qdm.circuit.jobs;

import io.qdm.proto.common.v1.ErrorDetail;
import io.qdm.proto.common.v1.JobState;
import io.qdm.proto.common.v1.ModelRef;
import io.qdm.proto.generation.v1.GenerationJob;
import io.qdm.proto.generation.v1.GenerationStatus;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The generation jobs this replica knows of, folded from the job-status events of every stage
 * ({@code qdm.generation.status}, read from the beginning by every replica, so any replica answers for any job).
 *
 * <p>Life cycle: ACCEPTED (circuit-service planned it) → RUNNING (first batch decoded) → COMPLETED (every batch
 * decoded) | FAILED (any stage failed a batch or the job) | CANCELLED (a client cancelled it). Terminal states never
 * change again. Events are idempotent: a redelivered batch event counts once (batches are tracked by index).
 * Thread-safe.
 */
public final class JobTable {

    private final int capacity;
    private final Map<String, Entry> jobs = new LinkedHashMap<>();

    public JobTable(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity: must be positive, got " + capacity);
        }
        this.capacity = capacity;
    }

    /** A job submitted through this replica, before its ACCEPTED event arrives; a no-op for a known job. */
    public synchronized GenerationJob submitted(String jobId, String requestId, ModelRef model, long samplesTotal,
                                                long nowMs) {
        Entry e = jobs.computeIfAbsent(jobId, id -> new Entry(id, nowMs));
        if (e.requestId.isEmpty()) {
            e.requestId = requestId;
        }
        if (!e.model.isInitialized() || e.model.getName().isEmpty()) {
            e.model = model;
        }
        if (e.samplesTotal == 0) {
            e.samplesTotal = samplesTotal;
        }
        evictIfFull();
        return e.snapshot();
    }

    /** Folds one status event in. */
    public synchronized void apply(GenerationStatus s) {
        if (s.getJobId().isEmpty()) {
            return;
        }
        Entry e = jobs.computeIfAbsent(s.getJobId(), id -> new Entry(id, s.getAtMs()));
        e.updatedAtMs = Math.max(e.updatedAtMs, s.getAtMs());
        if (s.getBatchesTotal() > 0) {
            e.batchesTotal = s.getBatchesTotal();
        }
        if (s.getBatchIndex() < 0 && s.getSamplesTotal() > 0) {
            e.samplesTotal = s.getSamplesTotal();
        }
        if (e.terminal()) {
            return;
        }
        switch (s.getState()) {
            case JOB_STATE_ACCEPTED -> {
                if (e.state == JobState.JOB_STATE_UNSPECIFIED) {
                    e.state = JobState.JOB_STATE_ACCEPTED;
                }
            }
            case JOB_STATE_COMPLETED -> {
                if (s.getBatchIndex() >= 0 && !e.done.get(s.getBatchIndex())) {
                    e.done.set(s.getBatchIndex());
                    e.samplesDone += s.getBatchSamples();
                }
                e.state = e.batchesTotal > 0 && e.done.cardinality() >= e.batchesTotal
                        ? JobState.JOB_STATE_COMPLETED : JobState.JOB_STATE_RUNNING;
            }
            case JOB_STATE_FAILED -> {
                e.state = JobState.JOB_STATE_FAILED;
                e.error = s.getError().toBuilder()
                        .setMessage(s.getStage() + (s.getBatchIndex() >= 0 ? " batch " + s.getBatchIndex() : "")
                                + ": " + s.getError().getMessage())
                        .build();
            }
            case JOB_STATE_CANCELLED -> e.state = JobState.JOB_STATE_CANCELLED;
            default -> {
                // RUNNING events from other stages carry no information the table uses
            }
        }
        evictIfFull();
    }

    public synchronized Optional<GenerationJob> get(String jobId) {
        Entry e = jobs.get(jobId);
        return e == null ? Optional.empty() : Optional.of(e.snapshot());
    }

    /** True once a client cancelled the job: stages skip its remaining batches. */
    public synchronized boolean isCancelled(String jobId) {
        Entry e = jobs.get(jobId);
        return e != null && e.state == JobState.JOB_STATE_CANCELLED;
    }

    /** Newest first; {@code states} empty = all. */
    public synchronized List<GenerationJob> list(Set<JobState> states, int limit) {
        List<GenerationJob> out = new ArrayList<>();
        for (Entry e : jobs.values()) {
            if (states.isEmpty() || states.contains(e.state)) {
                out.add(e.snapshot());
            }
        }
        out.sort(Comparator.comparingLong(GenerationJob::getCreatedAtMs).reversed()
                .thenComparing(GenerationJob::getJobId));
        return limit > 0 && out.size() > limit ? out.subList(0, limit) : out;
    }

    public synchronized int size() {
        return jobs.size();
    }

    /** Drops the oldest finished jobs beyond capacity (running jobs are kept: their events are still coming). */
    private void evictIfFull() {
        Iterator<Entry> it = jobs.values().iterator();
        while (jobs.size() > capacity && it.hasNext()) {
            if (it.next().terminal()) {
                it.remove();
            }
        }
    }

    private static final class Entry {
        final String jobId;
        final long createdAtMs;
        long updatedAtMs;
        String requestId = "";
        ModelRef model = ModelRef.getDefaultInstance();
        JobState state = JobState.JOB_STATE_UNSPECIFIED;
        long samplesTotal;
        long samplesDone;
        int batchesTotal;
        final BitSet done = new BitSet();
        ErrorDetail error;

        Entry(String jobId, long nowMs) {
            this.jobId = jobId;
            this.createdAtMs = nowMs;
            this.updatedAtMs = nowMs;
        }

        boolean terminal() {
            return state == JobState.JOB_STATE_COMPLETED || state == JobState.JOB_STATE_FAILED
                    || state == JobState.JOB_STATE_CANCELLED;
        }

        GenerationJob snapshot() {
            GenerationJob.Builder b = GenerationJob.newBuilder()
                    .setJobId(jobId)
                    .setRequestId(requestId)
                    // a job submitted here whose ACCEPTED event has not arrived yet is reported as ACCEPTED
                    .setState(state == JobState.JOB_STATE_UNSPECIFIED ? JobState.JOB_STATE_ACCEPTED : state)
                    .setModel(model)
                    .setSamplesTotal(samplesTotal)
                    .setSamplesDone(samplesDone)
                    .setBatchesTotal(batchesTotal)
                    .setBatchesDone(done.cardinality())
                    .setCreatedAtMs(createdAtMs)
                    .setUpdatedAtMs(updatedAtMs)
                    .setMetricsRunId(jobId);
            if (error != null) {
                b.setError(error);
            }
            return b.build();
        }
    }
}
