package io.qdm.qpu.service;

import io.qdm.qpu.config.QpuConfig;
import io.qdm.qpu.model.DenoiserModel;
import io.qdm.qpu.model.ModelDirectory;
import io.qdm.qpu.provider.ProviderRegistry;
import io.qdm.qpu.provider.QpuProvider;
import io.qdm.qpu.transpile.BackendTarget;
import io.qdm.simulator.model.DenoiserSpec;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * QPU jobs: submit (validate, de-duplicate by idempotency key, persist, start in the background and return at
 * once), get, watch, cancel; and the backends of every provider. Nothing here waits for a job to run.
 */
@ApplicationScoped
public class QpuJobService {

    private static final Logger LOG = Logger.getLogger(QpuJobService.class);

    @Inject
    QpuConfig config;

    @Inject
    ProviderRegistry providers;

    private JobStore store;
    private ModelDirectory models;
    private ExecutorService jobExecutor;
    private final Map<String, JobExecution> running = new ConcurrentHashMap<>();

    void onStart(@Observes StartupEvent event) {
        init();
    }

    /** Idempotent initialisation (startup event or first use). */
    synchronized void init() {
        if (store != null) {
            return;
        }
        models = new ModelDirectory(Path.of(config.modelsDir()));
        JobStore s = new JobStore(Path.of(config.jobsDir()));
        int loaded = s.load();
        jobExecutor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "qdm-qpu-jobs");
            t.setDaemon(true);
            return t;
        });
        store = s;
        LOG.infof("qpu-gateway: models from %s, jobs in %s (%d loaded), providers %s", models.dir().toAbsolutePath(),
                s.dir().toAbsolutePath(), loaded, providers.ids());
    }

    void onStop(@Observes ShutdownEvent event) {
        if (jobExecutor != null) {
            jobExecutor.shutdownNow();
        }
    }

    public JobStore store() {
        init();
        return store;
    }

    /** Every provider's backends (a provider that cannot answer is listed offline by itself). */
    public List<BackendTarget> backends() {
        List<BackendTarget> out = new ArrayList<>();
        for (QpuProvider p : providers.all()) {
            out.addAll(p.backends());
        }
        return out;
    }

    /**
     * Validates and accepts a job; returns its first state (ACCEPTED), or the existing job for a repeated
     * idempotency key with the same request.
     *
     * @throws IllegalArgumentException      bad input, message starting with the field path
     * @throws UnknownModelException         the model is not in the model directory
     * @throws IdempotencyConflictException  the key was used for a different request
     */
    public JobRecord submit(SubmitCommand c) {
        init();
        if (!c.idempotencyKey().isEmpty()) {
            // A repeated request returns the original job even if the model directory changed since.
            var existing = store.get(jobIdForKey(c.idempotencyKey()));
            if (existing.isPresent()) {
                if (existing.get().requestSha256.equals(c.requestSha256())) {
                    return existing.get();
                }
                throw new IdempotencyConflictException(c.idempotencyKey(), existing.get().jobId);
            }
        }
        String providerId = c.provider().isEmpty() ? config.defaultProvider() : c.provider();
        QpuProvider provider = providers.get(providerId);
        String device = provider.checkDevice(c.device());
        if (c.modelName().isEmpty()) {
            throw new IllegalArgumentException("model.name: required");
        }
        DenoiserModel model = models.find(c.modelName(), c.modelVersion())
                .orElseThrow(() -> new UnknownModelException(c.modelName(), c.modelVersion(), models.dir().toString()));
        SubmitCommand checked = validate(c, model, provider, device);
        JobRecord job = new JobRecord();
        job.jobId = c.idempotencyKey().isEmpty() ? "qpu-" + UUID.randomUUID() : jobIdForKey(c.idempotencyKey());
        job.requestId = c.requestId();
        job.idempotencyKey = c.idempotencyKey();
        job.requestSha256 = c.requestSha256();
        job.provider = providerId;
        job.device = device;
        job.modelName = model.name();
        job.modelVersion = model.version();
        job.mode = checked.mode().name();
        job.timestep = checked.timestep();
        job.steps = checked.steps();
        job.shots = provider.sampling() ? checked.shots() : 0;
        job.seed = checked.seed();
        job.firstSampleIndex = checked.firstSampleIndex();
        job.clientContext = checked.clientContext();
        job.createdAtMs = System.currentTimeMillis();
        job.updatedAtMs = job.createdAtMs;
        JobExecution execution;
        JobRecord accepted;
        synchronized (this) {   // one execution per job even when the same key arrives twice at once
            boolean known = store.get(job.jobId).isPresent();
            accepted = store.insertOrGet(job);
            if (known) {
                return accepted;
            }
            execution = new JobExecution(store, provider, model, checked, job.jobId, jobExecutor);
            running.put(job.jobId, execution);
        }
        execution.start().whenComplete((ok, e) -> running.remove(job.jobId));
        return accepted;
    }

    /** Deterministic job id of an idempotency key (a hash: keys may hold any characters). */
    static String jobIdForKey(String key) {
        return "qpu-" + UUID.nameUUIDFromBytes(("idempotency:" + key).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    public JobRecord get(String jobId) {
        checkJobId(jobId);
        return store().require(jobId);
    }

    /** Streams the job's current state and every change until a terminal state; returns the unsubscribe handle. */
    public Runnable watch(String jobId, Consumer<JobRecord> watcher) {
        checkJobId(jobId);
        return store().watch(jobId, watcher);
    }

    /** Cancels a job that has not finished (terminal jobs are returned unchanged). */
    public JobRecord cancel(String jobId) {
        checkJobId(jobId);
        JobRecord job = store().require(jobId);
        if (job.state.terminal()) {
            return job;
        }
        JobExecution execution = running.get(jobId);
        JobRecord after = store.update(jobId, j -> {
            j.state = JobState.CANCELLED;
            j.errorCode = "CANCELLED";
            j.errorMessage = "cancelled by CancelJob";
        });
        if (execution != null) {
            execution.cancel();
        }
        return after;
    }

    private static void checkJobId(String jobId) {
        if (jobId == null || jobId.isEmpty()) {
            throw new IllegalArgumentException("job_id: required");
        }
    }

    /** Qubits one program needs: see DenoiserCircuits (fresh ancilla, and fresh label register, per chained step). */
    public static int qubitsNeeded(DenoiserSpec spec, int steps) {
        int perStep = 1 + (steps > 1 ? spec.labelQubits() : 0);
        return spec.labelQubits() + spec.dataQubits() + 1 + (steps - 1) * perStep;
    }

    private SubmitCommand validate(SubmitCommand c, DenoiserModel model, QpuProvider provider, String device) {
        DenoiserSpec spec = model.spec();
        QpuConfig.Limits limits = config.limits();
        double[][] states = c.states();
        if (states.length > limits.maxBatch()) {
            throw new IllegalArgumentException("states: " + states.length + " rows exceed the limit " + limits.maxBatch());
        }
        int dim = spec.dataDimension();
        for (int i = 0; i < states.length; i++) {
            if (states[i].length != 2 * dim) {
                throw new IllegalArgumentException("states: expected " + dim + " amplitudes per row for model "
                        + model.name() + ":" + model.version() + ", got " + states[i].length / 2);
            }
            double norm = 0;
            for (double v : states[i]) {
                norm += v * v;
            }
            if (!(norm > 1e-300)) {
                throw new IllegalArgumentException("states: row " + i + " has norm 0");
            }
        }
        int[] labels = c.labels();
        if (spec.labelQubits() == 0) {
            if (labels.length != 0) {
                throw new IllegalArgumentException("labels: model " + model.name() + " is unconditioned; leave labels empty");
            }
        } else {
            if (labels.length != states.length) {
                throw new IllegalArgumentException("labels: expected one label per row (" + states.length + "), got "
                        + labels.length);
            }
            for (int i = 0; i < labels.length; i++) {
                if (labels[i] < 0 || labels[i] >= spec.labelCount()) {
                    throw new IllegalArgumentException("labels[" + i + "]: " + labels[i] + " outside 0.."
                            + (spec.labelCount() - 1));
                }
            }
        }
        int t = c.timestep();
        if (t < 1 || t > spec.timesteps()) {
            throw new IllegalArgumentException("timestep: must be in 1.." + spec.timesteps() + ", got " + t);
        }
        int steps = c.steps() == 0 ? 1 : c.steps();
        if (steps < 1 || steps > t) {
            throw new IllegalArgumentException("steps: must be in 1.." + t + " (steps t.." + "t-steps+1 ≥ 1), got " + c.steps());
        }
        int shots = c.shots() == 0 ? limits.defaultShots() : c.shots();
        if (shots < 1 || shots > limits.maxShots()) {
            throw new IllegalArgumentException("shots: must be in 1.." + limits.maxShots() + ", got " + c.shots());
        }
        if (c.noise() != null && !provider.id().equals("noisy")) {
            throw new IllegalArgumentException("noise: only provider \"noisy\" takes a noise model, not \"" + provider.id() + "\"");
        }
        int qubits = qubitsNeeded(spec, c.mode() == ExecutionMode.WHOLE_CHAIN ? steps : 1);
        int max = provider.maxQubits(device);
        if (qubits > max) {
            String field = c.mode() == ExecutionMode.WHOLE_CHAIN && steps > 1 ? "steps" : "model";
            throw new IllegalArgumentException(field + ": " + (field.equals("steps") ? "a whole chain of " + steps
                    + " steps" : "model " + model.name()) + " needs " + qubits + " qubits; provider " + provider.id()
                    + " runs at most " + max);
        }
        return new SubmitCommand(c.requestId(), c.idempotencyKey(), provider.id(), device, model.name(), model.version(),
                states, labels, t, steps, c.mode(), shots, c.seed(), c.noise(), c.requestSha256(), c.firstSampleIndex(),
                c.clientContext());
    }
}
