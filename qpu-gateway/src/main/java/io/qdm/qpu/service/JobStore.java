package io.qdm.qpu.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Every job this gateway knows, persisted as {@code <jobsDir>/<job id>.json} (written atomically at every change) with
 * its ISA circuits beside it in {@code <jobsDir>/<job id>/step-S-row-B.qasm}, so a hardware run can be inspected or
 * rerun from Qiskit ({@code qiskit.qasm3.loads}). Listeners (WatchJob streams, the Kafka publisher) see a copy of
 * the job after every change, in order.
 */
public final class JobStore {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path dir;
    private final Map<String, JobRecord> jobs = new ConcurrentHashMap<>();
    private final Map<String, String> idempotency = new ConcurrentHashMap<>();
    private final Map<String, List<Consumer<JobRecord>>> watchers = new ConcurrentHashMap<>();
    private final List<Consumer<JobRecord>> listeners = new CopyOnWriteArrayList<>();

    public JobStore(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    /** Adds a listener of every change of every job (the Kafka publisher). */
    public void addListener(Consumer<JobRecord> listener) {
        listeners.add(listener);
    }

    /**
     * Loads the job files of a previous run. Jobs that were not finished are marked FAILED (UNAVAILABLE): their
     * execution state lived in the previous process. Their idempotency keys stay reserved.
     */
    public synchronized int load() {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        int count = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
            for (Path file : files) {
                JobRecord job = fromJson(JSON.readTree(file.toFile()));
                if (!job.state.terminal()) {
                    job.state = JobState.FAILED;
                    job.errorCode = "UNAVAILABLE";
                    job.errorMessage = "the gateway restarted before the job finished; vendor job ids: "
                            + job.vendorJobId();
                    job.updatedAtMs = System.currentTimeMillis();
                    job.terminalEventSent = false;   // nobody has heard of this end yet
                    write(job);
                }
                jobs.put(job.jobId, job);
                if (!job.idempotencyKey.isEmpty()) {
                    idempotency.put(job.idempotencyKey, job.jobId);
                }
                count++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read jobs from " + dir, e);
        }
        return count;
    }

    /**
     * Inserts a new job, or returns the existing job of the same idempotency key when its request fingerprint matches.
     *
     * @throws IdempotencyConflictException when the key belongs to a different request
     */
    public synchronized JobRecord insertOrGet(JobRecord job) {
        if (!job.idempotencyKey.isEmpty()) {
            String existing = idempotency.get(job.idempotencyKey);
            if (existing != null) {
                JobRecord old = jobs.get(existing);
                if (old.requestSha256.equals(job.requestSha256)) {
                    return old.copy();
                }
                throw new IdempotencyConflictException(job.idempotencyKey, existing);
            }
            idempotency.put(job.idempotencyKey, job.jobId);
        }
        jobs.put(job.jobId, job);
        write(job);
        publish(job);
        return job.copy();
    }

    public Optional<JobRecord> get(String jobId) {
        synchronized (this) {
            JobRecord job = jobs.get(jobId);
            return job == null ? Optional.empty() : Optional.of(job.copy());
        }
    }

    public JobRecord require(String jobId) {
        return get(jobId).orElseThrow(() -> new UnknownJobException(jobId));
    }

    /**
     * Applies a change unless the job is already terminal (terminal states never change); persists and notifies.
     *
     * @return the job after the change (unchanged when it was terminal)
     */
    public JobRecord update(String jobId, Consumer<JobRecord> change) {
        JobRecord snapshot;
        synchronized (this) {
            JobRecord job = jobs.get(jobId);
            if (job == null) {
                throw new UnknownJobException(jobId);
            }
            if (job.state.terminal()) {
                return job.copy();
            }
            change.accept(job);
            job.updatedAtMs = Math.max(System.currentTimeMillis(), job.updatedAtMs);
            write(job);
            snapshot = job.copy();
            publish(snapshot);
        }
        return snapshot;
    }

    /**
     * Registers a watcher and hands it the current state first, atomically, so no change is missed or reordered.
     *
     * @return a handle that unregisters it
     */
    public Runnable watch(String jobId, Consumer<JobRecord> watcher) {
        synchronized (this) {
            JobRecord job = jobs.get(jobId);
            if (job == null) {
                throw new UnknownJobException(jobId);
            }
            watcher.accept(job.copy());
            if (job.state.terminal()) {
                return () -> { };
            }
            watchers.computeIfAbsent(jobId, id -> new CopyOnWriteArrayList<>()).add(watcher);
        }
        return () -> {
            List<Consumer<JobRecord>> list = watchers.get(jobId);
            if (list != null) {
                list.remove(watcher);
            }
        };
    }

    private void publish(JobRecord job) {
        JobRecord copy = job.copy();
        for (Consumer<JobRecord> l : listeners) {
            l.accept(copy);
        }
        List<Consumer<JobRecord>> list = watchers.get(job.jobId);
        if (list != null) {
            for (Consumer<JobRecord> w : list) {
                w.accept(copy);
            }
            if (job.state.terminal()) {
                watchers.remove(job.jobId);
            }
        }
    }

    /** Records that Kafka acknowledged the job's terminal status event (persisted; listeners are not told). */
    public synchronized void markTerminalEventSent(String jobId) {
        JobRecord job = jobs.get(jobId);
        if (job != null && job.state.terminal() && !job.terminalEventSent) {
            job.terminalEventSent = true;
            write(job);
        }
    }

    /** Terminal jobs whose status event Kafka has not acknowledged yet, oldest change first. */
    public synchronized List<JobRecord> terminalEventsOwed() {
        return jobs.values().stream()
                .filter(j -> j.state.terminal() && !j.terminalEventSent)
                .sorted(java.util.Comparator.comparingLong((JobRecord j) -> j.updatedAtMs).thenComparing(j -> j.jobId))
                .map(JobRecord::copy)
                .toList();
    }

    /** Writes one ISA circuit next to the job file; returns its path relative to the jobs dir. */
    public String writeCircuit(String jobId, int step, int row, String qasm) {
        Path file = dir.resolve(jobId).resolve("step-" + step + "-row-" + row + ".qasm");
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, qasm, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return dir.relativize(file).toString();
    }

    private void write(JobRecord job) {
        try {
            Files.createDirectories(dir);
            Path tmp = dir.resolve(job.jobId + ".json.tmp");
            Files.write(tmp, JSON.writeValueAsBytes(toJson(job)));
            Files.move(tmp, dir.resolve(job.jobId + ".json"), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot persist job " + job.jobId + " in " + dir, e);
        }
    }

    static ObjectNode toJson(JobRecord j) {
        ObjectNode o = JSON.createObjectNode();
        o.put("format", "qdm-qpu-job/1");
        o.put("job_id", j.jobId);
        o.put("request_id", j.requestId);
        o.put("idempotency_key", j.idempotencyKey);
        o.put("request_sha256", j.requestSha256);
        o.put("state", j.state.name());
        o.put("provider", j.provider);
        o.put("device", j.device);
        o.put("model", j.modelName);
        o.put("model_version", j.modelVersion);
        o.put("mode", j.mode);
        o.put("timestep", j.timestep);
        o.put("steps", j.steps);
        o.put("shots", j.shots);
        o.put("seed", Long.toUnsignedString(j.seed));
        o.put("first_sample_index", j.firstSampleIndex);
        o.put("client_context_base64", Base64.getEncoder().encodeToString(j.clientContext));
        ArrayNode vendor = o.putArray("vendor_job_ids");
        j.vendorJobIds.forEach(vendor::add);
        o.put("postselection_success_rate", j.postselectionSuccessRate);
        o.put("effective_shots", j.effectiveShots);
        o.put("calibration_time", j.calibrationTime);
        o.set("layout", ints(j.layout));
        o.put("isa_qasm", j.isaQasm);
        ArrayNode circuits = o.putArray("circuits");
        for (JobRecord.CircuitFile c : j.circuits) {
            ObjectNode n = circuits.addObject();
            n.put("step", c.step());
            n.put("row", c.row());
            n.put("file", c.file());
            n.set("initial_layout", ints(c.initialLayout()));
            n.set("final_layout", ints(c.finalLayout()));
            n.put("swaps", c.swaps());
        }
        o.put("complex_result", j.complexResult);
        if (j.result != null) {
            ArrayNode rows = o.putArray("result");
            for (double[] row : j.result) {
                ArrayNode r = rows.addArray();
                for (double v : row) {
                    r.add(v);
                }
            }
        }
        ObjectNode error = o.putObject("error");
        error.put("code", j.errorCode);
        error.put("message", j.errorMessage);
        error.put("field", j.errorField);
        o.put("created_at_ms", j.createdAtMs);
        o.put("updated_at_ms", j.updatedAtMs);
        o.put("terminal_event_sent", j.terminalEventSent);
        return o;
    }

    private static ArrayNode ints(int[] values) {
        ArrayNode a = JSON.createArrayNode();
        for (int v : values) {
            a.add(v);
        }
        return a;
    }

    private static int[] ints(JsonNode node) {
        int[] v = new int[node == null ? 0 : node.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = node.get(i).asInt();
        }
        return v;
    }

    static JobRecord fromJson(JsonNode o) {
        JobRecord j = new JobRecord();
        j.jobId = o.path("job_id").asText();
        j.requestId = o.path("request_id").asText();
        j.idempotencyKey = o.path("idempotency_key").asText();
        j.requestSha256 = o.path("request_sha256").asText();
        j.state = JobState.valueOf(o.path("state").asText());
        j.provider = o.path("provider").asText();
        j.device = o.path("device").asText();
        j.modelName = o.path("model").asText();
        j.modelVersion = o.path("model_version").asText();
        j.mode = o.path("mode").asText();
        j.timestep = o.path("timestep").asInt();
        j.steps = o.path("steps").asInt();
        j.shots = o.path("shots").asInt();
        j.seed = Long.parseUnsignedLong(o.path("seed").asText("0"));
        j.firstSampleIndex = o.path("first_sample_index").asLong(0);
        j.clientContext = Base64.getDecoder().decode(o.path("client_context_base64").asText(""));
        o.path("vendor_job_ids").forEach(n -> j.vendorJobIds.add(n.asText()));
        j.postselectionSuccessRate = o.path("postselection_success_rate").asDouble();
        j.effectiveShots = o.path("effective_shots").asLong();
        j.calibrationTime = o.path("calibration_time").asText();
        j.layout = ints(o.get("layout"));
        j.isaQasm = o.path("isa_qasm").asText();
        List<JobRecord.CircuitFile> circuits = new ArrayList<>();
        o.path("circuits").forEach(n -> circuits.add(new JobRecord.CircuitFile(n.path("step").asInt(),
                n.path("row").asInt(), n.path("file").asText(), ints(n.get("initial_layout")),
                ints(n.get("final_layout")), n.path("swaps").asInt())));
        j.circuits = circuits;
        j.complexResult = o.path("complex_result").asBoolean();
        if (o.has("result")) {
            JsonNode rows = o.get("result");
            j.result = new double[rows.size()][];
            for (int r = 0; r < rows.size(); r++) {
                j.result[r] = new double[rows.get(r).size()];
                for (int c = 0; c < j.result[r].length; c++) {
                    j.result[r][c] = rows.get(r).get(c).asDouble();
                }
            }
        }
        j.errorCode = o.path("error").path("code").asText();
        j.errorMessage = o.path("error").path("message").asText();
        j.errorField = o.path("error").path("field").asText();
        j.createdAtMs = o.path("created_at_ms").asLong();
        j.updatedAtMs = o.path("updated_at_ms").asLong();
        // files written before the flag existed count as sent: a restart must not replay every old job's end
        j.terminalEventSent = o.path("terminal_event_sent").asBoolean(true);
        return j;
    }
}
