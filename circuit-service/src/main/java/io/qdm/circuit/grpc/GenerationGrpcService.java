package io.qdm.circuit.grpc;

import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.Status;
import io.micrometer.core.instrument.MeterRegistry;
import io.qdm.circuit.clients.QpuGatewayClient;
import io.qdm.circuit.config.CircuitConfig;
import io.qdm.circuit.generation.ReverseSteps;
import io.qdm.circuit.service.ReverseProcess;
import io.qdm.circuit.generation.GeneratedSamples;
import io.qdm.circuit.generation.GenerationControl;
import io.qdm.circuit.generation.GenerationPlan;
import io.qdm.circuit.generation.GenerationPlanner;
import io.qdm.circuit.generation.GenerationStoppedException;
import io.qdm.circuit.generation.SampleGenerator;
import io.qdm.circuit.jobs.IdempotencyKeys;
import io.qdm.circuit.jobs.JobIds;
import io.qdm.circuit.jobs.JobTable;
import io.qdm.circuit.mapping.GenerationMessages;
import io.qdm.circuit.mapping.GenerationResults;
import io.qdm.circuit.messaging.GenerationJobPublisher;
import io.qdm.circuit.registry.ModelRegistry;
import io.qdm.circuit.registry.RegisteredModel;
import io.qdm.proto.common.v1.JobState;
import io.qdm.proto.common.v1.ModelRef;
import io.qdm.proto.generation.v1.Backend;
import io.qdm.proto.generation.v1.CancelJobRequest;
import io.qdm.proto.generation.v1.GenerateEvent;
import io.qdm.proto.generation.v1.GenerateRequest;
import io.qdm.proto.generation.v1.GenerateResponse;
import io.qdm.proto.generation.v1.GenerationJob;
import io.qdm.proto.generation.v1.GenerationRequested;
import io.qdm.proto.generation.v1.GenerationService;
import io.qdm.proto.generation.v1.GenerationStatus;
import io.qdm.proto.generation.v1.GetJobRequest;
import io.qdm.proto.generation.v1.ListJobsRequest;
import io.qdm.proto.generation.v1.ListJobsResponse;
import io.qdm.proto.generation.v1.OutputKind;
import io.qdm.wire.GrpcStatuses;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * gRPC transport of qdm.generation.v1.GenerationService: maps requests in, delegates to the planner, the sample
 * generator and the job table, maps replies and errors out.
 *
 * <p>Generate / GenerateStream run the reverse chain here and call noise-service and latent-service; cancellation
 * and deadlines are checked between steps and before every downstream call. SubmitGeneration publishes the job on
 * {@code qdm.generation.requests} and returns at once; Get/Watch/Cancel/ListJobs read the job table.
 */
@GrpcService
public class GenerationGrpcService implements GenerationService {

    private static final Logger LOG = Logger.getLogger(GenerationGrpcService.class);
    /** How often WatchJob looks at the job table. */
    static final long WATCH_POLL_MS = 200;

    private final GenerationPlanner planner = new GenerationPlanner();
    private Semaphore running;
    private final ScheduledExecutorService watchTimer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "qdm-watch-jobs");
        t.setDaemon(true);
        return t;
    });

    @Inject
    ModelRegistry registry;

    @Inject
    SampleGenerator generator;

    @Inject
    ReverseProcess reverseProcess;

    @Inject
    QpuGatewayClient qpuGateway;

    @Inject
    JobTable jobs;

    @Inject
    IdempotencyKeys idempotencyKeys;

    @Inject
    CircuitConfig config;

    @Inject
    MeterRegistry meters;

    @Inject
    GenerationJobPublisher publisher;

    @PostConstruct
    void init() {
        if (config.maxInflightSamples() < config.maxSyncCount()) {
            throw new IllegalStateException("qdm.circuit.max-inflight-samples (" + config.maxInflightSamples()
                    + ") must be at least qdm.circuit.max-sync-count (" + config.maxSyncCount() + ")");
        }
        running = new Semaphore(config.maxInflightSamples());
        meters.gauge("qdm_generation_sync_inflight_samples", running,
                s -> config.maxInflightSamples() - s.availablePermits());
    }

    /** The samples a call holds while it runs (bad counts are rejected later by the planner). */
    private int permits(GenerateRequest request) {
        return Math.max(1, Math.min(request.getCount(), config.maxSyncCount()));
    }

    /** Takes the request's samples from the in-flight budget, or refuses the call (back-pressure, never a queue). */
    private void admit(int permits) {
        if (!running.tryAcquire(permits)) {
            meters.counter("qdm_generation_rejected_total", "reason", "busy").increment();
            throw Status.RESOURCE_EXHAUSTED.withDescription("circuit-service holds "
                    + (config.maxInflightSamples() - running.availablePermits()) + " of its "
                    + config.maxInflightSamples() + " in-flight samples; retry with back-off, or use SubmitGeneration"
                    + " for batch work").asRuntimeException();
        }
    }

    @PreDestroy
    void stop() {
        watchTimer.shutdownNow();
    }

    /**
     * Runs on a worker thread (the reverse chain is CPU work and the peers are called synchronously). The call's gRPC
     * context is captured here, on the calling thread, because worker threads do not carry it: its deadline and
     * cancellation are what the generator checks between steps.
     */
    @Override
    public Uni<GenerateResponse> generate(GenerateRequest request) {
        Context call = Context.current();
        return Uni.createFrom().<GenerateResponse>emitter(emitter -> {
            AtomicBoolean gone = new AtomicBoolean();
            emitter.onTermination(() -> gone.set(true));
            runAdmitted(request, emitter::fail, () -> {
                Prepared p = prepare(request, true);
                GeneratedSamples samples = generator.generate(p.plan, p.model, wantsImages(request),
                        control(call, gone::get, (s, n) -> { }), backend(request, p.plan));
                emitter.complete(GenerateResponse.newBuilder()
                        .setResult(GenerationResults.result(p.plan, p.model, samples, wantsStates(request)))
                        .build());
            });
        });
    }

    @Override
    public Multi<GenerateEvent> generateStream(GenerateRequest request) {
        Context call = Context.current();
        return Multi.createFrom().emitter(emitter -> {
            AtomicBoolean gone = new AtomicBoolean();
            emitter.onTermination(() -> gone.set(true));
            runAdmitted(request, emitter::fail, () -> {
                long t0 = System.nanoTime();
                Prepared p = prepare(request, true);
                GeneratedSamples samples = generator.generate(p.plan, p.model, wantsImages(request),
                        control(call, gone::get, (step, total) -> emitter.emit(GenerateEvent.newBuilder()
                                .setProgress(GenerationResults.progress(p.plan, step, total,
                                        (System.nanoTime() - t0) / 1e9)).build())), backend(request, p.plan));
                emitter.emit(GenerateEvent.newBuilder()
                        .setResult(GenerationResults.result(p.plan, p.model, samples, wantsStates(request)))
                        .build());
                emitter.complete();
            });
        });
    }

    /**
     * The shape both synchronous calls share: take the request's samples from the in-flight budget (or fail at once
     * with RESOURCE_EXHAUSTED), run {@code work} on a worker thread, map any failure to a gRPC status, and give the
     * samples back whatever happens.
     */
    private void runAdmitted(GenerateRequest request, java.util.function.Consumer<Throwable> fail, Runnable work) {
        int permits = permits(request);
        try {
            admit(permits);
        } catch (RuntimeException busy) {
            fail.accept(busy);
            return;
        }
        Infrastructure.getDefaultWorkerPool().execute(() -> {
            try {
                work.run();
            } catch (Throwable t) {
                fail.accept(toStatus(t));
            } finally {
                running.release(permits);
            }
        });
    }

    @Override
    @Blocking
    public Uni<GenerationJob> submitGeneration(GenerateRequest request) {
        return Uni.createFrom().item(() -> prepare(request, false))
                .chain(p -> {
                    String key = request.getMeta().getIdempotencyKey();
                    long now = System.currentTimeMillis();
                    if (!key.isEmpty() && !idempotencyKeys.claim(key, JobIds.fingerprint(request), p.plan.jobId(), now)) {
                        // a retry of an identical request: the original job
                        return Uni.createFrom().item(jobs.get(p.plan.jobId()).orElseGet(() -> jobs.submitted(
                                p.plan.jobId(), p.plan.requestId(), ref(p.model), p.plan.count(), now)));
                    }
                    GenerateRequest resolved = request.toBuilder()
                            .setMeta(request.getMeta().toBuilder().setRequestId(p.plan.requestId()))
                            .setModel(ref(p.model))
                            .build();
                    GenerationRequested event = GenerationRequested.newBuilder().setJobId(p.plan.jobId())
                            .setRequest(resolved).setRequestedAtMs(now).build();
                    return publisher.submit(event)
                            .map(v -> jobs.submitted(p.plan.jobId(), p.plan.requestId(), ref(p.model),
                                    p.plan.count(), now))
                            .onFailure().invoke(() -> {
                                if (!key.isEmpty()) {
                                    idempotencyKeys.release(key);
                                }
                            });
                })
                .onFailure().transform(this::toStatus);
    }

    @Override
    public Uni<GenerationJob> getJob(GetJobRequest request) {
        return Uni.createFrom().item(() -> requireJob(request.getJobId())).onFailure().transform(this::toStatus);
    }

    @Override
    public Multi<GenerationJob> watchJob(GetJobRequest request) {
        try {
            requireJob(request.getJobId());
        } catch (RuntimeException e) {
            return Multi.createFrom().failure(toStatus(e));
        }
        return Multi.createFrom().emitter(emitter -> {
            GenerationJob[] last = {null};
            ScheduledFuture<?> poll = watchTimer.scheduleAtFixedRate(() -> {
                Optional<GenerationJob> now = jobs.get(request.getJobId());
                if (now.isEmpty()) {
                    emitter.fail(Status.NOT_FOUND.withDescription("job_id: job '" + request.getJobId()
                            + "' left the job table").asRuntimeException());
                    return;
                }
                GenerationJob job = now.get();
                if (last[0] == null || !sameProgress(last[0], job)) {
                    last[0] = job;
                    emitter.emit(job);
                }
                if (terminal(job.getState())) {
                    emitter.complete();
                }
            }, 0, WATCH_POLL_MS, TimeUnit.MILLISECONDS);
            emitter.onTermination(() -> poll.cancel(false));
        });
    }

    @Override
    public Uni<GenerationJob> cancelJob(CancelJobRequest request) {
        return Uni.createFrom().item(() -> requireJob(request.getJobId()))
                .chain(job -> {
                    if (terminal(job.getState())) {
                        return Uni.createFrom().item(job);
                    }
                    GenerationStatus cancelled = GenerationStatus.newBuilder()
                            .setJobId(job.getJobId())
                            .setState(JobState.JOB_STATE_CANCELLED)
                            .setStage(GenerationMessages.STAGE)
                            .setBatchIndex(-1)
                            .setBatchesTotal(job.getBatchesTotal())
                            .setSamplesTotal(job.getSamplesTotal())
                            .setAtMs(System.currentTimeMillis())
                            .build();
                    jobs.apply(cancelled);
                    LOG.infof("job %s cancelled by a client; its remaining batches are skipped", job.getJobId());
                    return publisher.publishStatus(cancelled)
                            .map(v -> requireJob(job.getJobId()));
                })
                .onFailure().transform(this::toStatus);
    }

    @Override
    public Uni<ListJobsResponse> listJobs(ListJobsRequest request) {
        return Uni.createFrom().item(() -> {
            if (request.getLimit() < 0) {
                throw new IllegalArgumentException("limit: must be >= 0 (0 = all), got " + request.getLimit());
            }
            Set<JobState> states = request.getStatesList().isEmpty() ? Set.of() : EnumSet.copyOf(request.getStatesList());
            return ListJobsResponse.newBuilder().addAllJobs(jobs.list(states, request.getLimit())).build();
        }).onFailure().transform(this::toStatus);
    }

    /** The model and the plan of a request; synchronous calls are bounded by {@code qdm.circuit.max-sync-count}. */
    private Prepared prepare(GenerateRequest request, boolean synchronous) {
        if (request.getModel().getName().isEmpty()) {
            throw new IllegalArgumentException("model.name: missing");
        }
        if (synchronous && request.getCount() > config.maxSyncCount()) {
            throw new IllegalArgumentException("count: " + request.getCount() + " samples exceed the limit of "
                    + config.maxSyncCount() + " for a synchronous call; use SubmitGeneration (Kafka batch job)");
        }
        RegisteredModel model = registry.require(request.getModel().getName(), request.getModel().getVersion());
        String requestId = request.getMeta().getRequestId().isEmpty() ? "req-" + UUID.randomUUID()
                : request.getMeta().getRequestId();
        GenerationRequested asEvent = GenerationRequested.newBuilder().setJobId(JobIds.forRequest(request))
                .setRequest(request.toBuilder().setMeta(request.getMeta().toBuilder().setRequestId(requestId)))
                .build();
        GenerationPlan plan = planner.plan(GenerationMessages.toOrder(asEvent), GenerationMessages.shape(model));
        return new Prepared(plan, model);
    }

    private record Prepared(GenerationPlan plan, RegisteredModel model) {
    }

    /** The local simulator, or qpu-gateway with the request's provider and device. */
    private ReverseSteps backend(GenerateRequest request, GenerationPlan plan) {
        return request.getBackend() == Backend.BACKEND_QPU_GATEWAY
                ? qpuGateway.on(request.getQpuProvider(), request.getQpuDevice(), plan.jobId())
                : reverseProcess::denoise;
    }

    /** Stops at client cancellation or deadline, counted by reason in {@code qdm_generation_stopped_total}. */
    private GenerationControl control(Context call, java.util.function.BooleanSupplier streamGone,
                                      java.util.function.BiConsumer<Integer, Integer> onStep) {
        return new GenerationControl() {
            @Override
            public void stepCompleted(int step, int totalSteps) {
                onStep.accept(step, totalSteps);
            }

            @Override
            public String stopReason() {
                Deadline deadline = call.getDeadline() != null ? call.getDeadline() : CallDeadlines.DEADLINE.get(call);
                String reason = null;
                if (deadline != null && deadline.isExpired()) {
                    reason = "deadline exceeded";
                } else if (call.isCancelled() || streamGone.getAsBoolean()) {
                    reason = "cancelled by the client";
                }
                if (reason != null) {
                    meters.counter("qdm_generation_stopped_total", "reason", reason.startsWith("deadline")
                            ? "deadline" : "cancelled").increment();
                }
                return reason;
            }
        };
    }

    private GenerationJob requireJob(String jobId) {
        if (jobId.isEmpty()) {
            throw new IllegalArgumentException("job_id: missing");
        }
        return jobs.get(jobId).orElseThrow(() -> Status.NOT_FOUND
                .withDescription("job_id: no job '" + jobId + "' in the job table").asRuntimeException());
    }

    private Throwable toStatus(Throwable t) {
        if (t instanceof GenerationStoppedException stopped) {
            LOG.infof("generation stopped: %s", stopped.getMessage());
            return (stopped.getMessage().startsWith("deadline") ? Status.DEADLINE_EXCEEDED : Status.CANCELLED)
                    .withDescription(stopped.getMessage()).asRuntimeException();
        }
        if (t instanceof IdempotencyKeys.KeyReusedException reused) {
            return Status.ALREADY_EXISTS.withDescription(reused.getMessage()).asRuntimeException();
        }
        return GrpcStatuses.toStatus(t);
    }

    private static boolean wantsImages(GenerateRequest r) {
        return r.getOutput() != OutputKind.OUTPUT_KIND_STATES;
    }

    private static boolean wantsStates(GenerateRequest r) {
        return r.getOutput() == OutputKind.OUTPUT_KIND_STATES || r.getOutput() == OutputKind.OUTPUT_KIND_IMAGES_AND_STATES;
    }

    private static ModelRef ref(RegisteredModel model) {
        return ModelRef.newBuilder().setName(model.name()).setVersion(model.version()).build();
    }

    private static boolean terminal(JobState s) {
        return s == JobState.JOB_STATE_COMPLETED || s == JobState.JOB_STATE_FAILED || s == JobState.JOB_STATE_CANCELLED;
    }

    private static boolean sameProgress(GenerationJob a, GenerationJob b) {
        return a.getState() == b.getState() && a.getBatchesDone() == b.getBatchesDone()
                && a.getBatchesTotal() == b.getBatchesTotal() && a.getSamplesDone() == b.getSamplesDone();
    }
}
