package io.qdm.qpu.provider.ibm;

import io.qdm.qpu.config.QpuConfig;
import io.qdm.qpu.provider.CircuitResult;
import io.qdm.qpu.provider.ExecutionBatch;
import io.qdm.qpu.provider.ProviderException;
import io.qdm.qpu.provider.QpuProvider;
import io.qdm.qpu.transpile.BackendTarget;
import io.qdm.qpu.transpile.IsaCircuit;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * IBM Quantum Platform through Sampler V2 jobs. A batch becomes one IBM job (one PUB per circuit); it is created when
 * the {@link JobCreationLimiter} allows (else rescheduled), then polled every {@code pollInterval} on this provider's
 * scheduler until Completed (results decoded), Failed (ABORTED with IBM's reason) or Cancelled. Queue time costs a
 * scheduled task, never a waiting thread.
 */
public final class IbmQuantumProvider implements QpuProvider, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(IbmQuantumProvider.class);

    private final IbmSettings settings;
    private final IbmRestClient client;
    private final JobCreationLimiter limiter;
    private final ScheduledExecutorService scheduler;
    private final LongSupplier clockMs;
    private final Map<String, CachedTarget> targets = new ConcurrentHashMap<>();
    private final Set<String> cancelled = ConcurrentHashMap.newKeySet();

    private record CachedTarget(BackendTarget target, long fetchedAtMs) {
    }

    public IbmQuantumProvider(IbmSettings settings, LongSupplier clockMs) {
        this.settings = settings;
        this.clockMs = clockMs;
        this.client = new IbmRestClient(settings, clockMs);
        this.limiter = new JobCreationLimiter(settings.jobsPerMinute(), clockMs);
        this.scheduler = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "qdm-qpu-ibm");
            t.setDaemon(true);
            return t;
        });
    }

    public static IbmQuantumProvider fromConfig(QpuConfig.Ibm config) {
        return new IbmQuantumProvider(IbmSettings.from(config), System::currentTimeMillis);
    }

    public IbmRestClient client() {
        return client;
    }

    @Override
    public String id() {
        return "ibm";
    }

    @Override
    public boolean sampling() {
        return true;
    }

    /** Configured devices; fetched configurations when a key exists and IBM answers, else listed offline. */
    @Override
    public List<BackendTarget> backends() {
        List<BackendTarget> out = new ArrayList<>();
        for (String device : settings.devices()) {
            if (!client.hasApiKey()) {
                out.add(offline(device));
                continue;
            }
            try {
                out.add(target(device));
            } catch (RuntimeException e) {
                LOG.warnf("ibm: %s unavailable: %s", device, e.getMessage());
                out.add(offline(device));
            }
        }
        return out;
    }

    private static BackendTarget offline(String device) {
        return new BackendTarget("ibm", device, 0, Set.of(), List.of(), "", false);
    }

    @Override
    public String checkDevice(String device) {
        String d = device == null || device.isEmpty() ? settings.devices().get(0) : device;
        if (!settings.devices().contains(d)) {
            throw new IllegalArgumentException("device: provider ibm offers " + settings.devices() + ", not \"" + d + "\"");
        }
        if (!client.hasApiKey()) {
            throw new ProviderException("FAILED_PRECONDITION", "provider: ibm has no API key (set "
                    + IbmSettings.API_KEY_ENV + " or qdm.qpu.ibm.api-key-file)");
        }
        return d;
    }

    @Override
    public int maxQubits(String device) {
        return Integer.MAX_VALUE;
    }

    @Override
    public BackendTarget target(String device) {
        String d = checkDevice(device);
        CachedTarget cached = targets.get(d);
        if (cached != null && clockMs.getAsLong() - cached.fetchedAtMs < settings.configurationTtl().toMillis()) {
            return cached.target;
        }
        BackendTarget t = client.backendTarget(d);
        targets.put(d, new CachedTarget(t, clockMs.getAsLong()));
        return t;
    }

    @Override
    public CompletionStage<List<CircuitResult>> execute(ExecutionBatch batch, Consumer<String> vendorJobIds) {
        CompletableFuture<List<CircuitResult>> result = new CompletableFuture<>();
        scheduler.execute(() -> create(batch, vendorJobIds, result));
        return result;
    }

    private void create(ExecutionBatch batch, Consumer<String> vendorJobIds, CompletableFuture<List<CircuitResult>> result) {
        if (result.isDone()) {
            return;
        }
        long wait = limiter.tryAcquire();
        if (wait > 0) {
            LOG.infof("ibm: job creation limit (%d/min) reached; job %s step %d waits %d ms",
                    settings.jobsPerMinute(), batch.jobId(), batch.step(), wait);
            scheduler.schedule(() -> create(batch, vendorJobIds, result), wait, TimeUnit.MILLISECONDS);
            return;
        }
        try {
            String device = batch.circuits().get(0).target().device();
            List<String> qasm = batch.circuits().stream().map(IsaCircuit::toQasm3).toList();
            String ibmJob = client.createSamplerJob(device, qasm, batch.shots(), List.of("qdm", batch.jobId(),
                    "step-" + batch.step()));
            LOG.infof("ibm: job %s step %d submitted as %s on %s (%d PUBs, %d shots)", batch.jobId(), batch.step(),
                    ibmJob, device, qasm.size(), batch.shots());
            vendorJobIds.accept(ibmJob);
            if (result.isCancelled()) {
                cancel(ibmJob);
                return;
            }
            scheduler.schedule(() -> poll(batch, ibmJob, result), settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
        }
    }

    private void poll(ExecutionBatch batch, String ibmJob, CompletableFuture<List<CircuitResult>> result) {
        if (result.isDone()) {
            return;
        }
        try {
            IbmRestClient.JobStatus status = client.jobStatus(ibmJob);
            switch (status.status().toLowerCase(Locale.ROOT)) {
                case "completed" -> {
                    int bits = batch.circuits().get(0).numClbits();
                    List<long[]> samples = SamplerResults.decode(ibmJob, client.jobResults(ibmJob), batch.circuits().size(), bits);
                    List<CircuitResult> out = new ArrayList<>();
                    for (long[] s : samples) {
                        out.add(CircuitResult.ofSamples(s));
                    }
                    result.complete(out);
                }
                case "failed" -> result.completeExceptionally(new ProviderException("ABORTED", "ibm job " + ibmJob
                        + " failed: " + status.reason() + (status.reasonCode().isEmpty() ? "" : " (code "
                        + status.reasonCode() + ")")));
                case "cancelled" -> result.completeExceptionally(new ProviderException("CANCELLED", "ibm job " + ibmJob
                        + " was cancelled" + (cancelled.contains(ibmJob) ? " by QDM" : " outside QDM")));
                default -> scheduler.schedule(() -> poll(batch, ibmJob, result), settings.pollInterval().toMillis(),
                        TimeUnit.MILLISECONDS);
            }
        } catch (ProviderException e) {
            if ("UNAVAILABLE".equals(e.code()) || "RESOURCE_EXHAUSTED".equals(e.code())) {
                // The job is still on IBM's side; a poll failing (breaker open, outage) is retried, not fatal.
                LOG.warnf("ibm: polling %s failed (%s); retrying", ibmJob, e.getMessage());
                scheduler.schedule(() -> poll(batch, ibmJob, result), settings.pollInterval().toMillis() * 2,
                        TimeUnit.MILLISECONDS);
            } else {
                result.completeExceptionally(e);
            }
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
        }
    }

    @Override
    public void cancel(String vendorJobId) {
        cancelled.add(vendorJobId);
        scheduler.execute(() -> {
            try {
                client.cancelJob(vendorJobId);
            } catch (RuntimeException e) {
                LOG.warnf("ibm: cancelling %s failed: %s", vendorJobId, e.getMessage());
            }
        });
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
