package io.qdm.qpu.service;

import java.util.ArrayList;
import java.util.List;

/**
 * A QPU job as the gateway keeps and persists it. Mutated only by {@link JobStore#update} under the store's lock;
 * everyone else sees {@link #copy() copies}.
 */
public final class JobRecord {
    public String jobId;
    public String requestId = "";
    public String idempotencyKey = "";
    public String requestSha256 = "";
    public JobState state = JobState.ACCEPTED;
    public String provider;
    public String device;
    public String modelName;
    public String modelVersion;
    public String mode;
    public int timestep;
    public int steps;
    public int shots;
    public long seed;
    /** Global sample index of result row 0 (draws are keyed by it). */
    public long firstSampleIndex;
    /** The caller's opaque context (SubmitQpuJobRequest.client_context), echoed on every status. */
    public byte[] clientContext = new byte[0];
    /** Vendor job ids in submission order (one per step in step-by-step mode on hardware). */
    public List<String> vendorJobIds = new ArrayList<>();
    public double postselectionSuccessRate;
    public long effectiveShots;
    /** Result rows: interleaved complex (statevector) or moduli (sampling providers); null until completed. */
    public double[][] result;
    public boolean complexResult;
    /** The first submitted ISA circuit (step 0, row 0); every circuit is in the jobs dir. */
    public String isaQasm = "";
    public int[] layout = new int[0];
    public String calibrationTime = "";
    public List<CircuitFile> circuits = new ArrayList<>();
    public String errorCode = "";
    public String errorMessage = "";
    public String errorField = "";
    public long createdAtMs;
    public long updatedAtMs;
    /**
     * Kafka acknowledged the status event of the terminal state. False for a terminal job whose event is still owed
     * (the publisher retries it, and a restarted gateway sends it again: {@link JobStore#terminalEventsOwed()}).
     */
    public boolean terminalEventSent;

    /** One persisted ISA circuit. */
    public record CircuitFile(int step, int row, String file, int[] initialLayout, int[] finalLayout, int swaps) {
    }

    public JobRecord copy() {
        JobRecord c = new JobRecord();
        c.jobId = jobId;
        c.requestId = requestId;
        c.idempotencyKey = idempotencyKey;
        c.requestSha256 = requestSha256;
        c.state = state;
        c.provider = provider;
        c.device = device;
        c.modelName = modelName;
        c.modelVersion = modelVersion;
        c.mode = mode;
        c.timestep = timestep;
        c.steps = steps;
        c.shots = shots;
        c.seed = seed;
        c.firstSampleIndex = firstSampleIndex;
        c.clientContext = clientContext;
        c.vendorJobIds = new ArrayList<>(vendorJobIds);
        c.postselectionSuccessRate = postselectionSuccessRate;
        c.effectiveShots = effectiveShots;
        c.result = result;
        c.complexResult = complexResult;
        c.isaQasm = isaQasm;
        c.layout = layout;
        c.calibrationTime = calibrationTime;
        c.circuits = new ArrayList<>(circuits);
        c.errorCode = errorCode;
        c.errorMessage = errorMessage;
        c.errorField = errorField;
        c.createdAtMs = createdAtMs;
        c.updatedAtMs = updatedAtMs;
        c.terminalEventSent = terminalEventSent;
        return c;
    }

    /** The vendor job ids joined with ',' (proto {@code vendor_job_id}). */
    public String vendorJobId() {
        return String.join(",", vendorJobIds);
    }
}
