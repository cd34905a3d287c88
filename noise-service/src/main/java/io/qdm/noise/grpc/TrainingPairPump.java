package io.qdm.noise.grpc;

import io.grpc.stub.ServerCallStreamObserver;
import io.micrometer.core.instrument.Counter;
import io.qdm.noise.mapping.NoiseMapper;
import io.qdm.noise.service.TrainingPairRuns;
import io.qdm.proto.noise.v1.TrainingPairBatch;
import io.qdm.proto.noise.v1.TrainingPairsRequest;

import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Produces the batches of one {@code StreamTrainingPairs} call on a worker thread, only while the transport is ready
 * for more ({@link ServerCallStreamObserver#isReady()}, i.e. the client's flow-control window and gRPC's small send
 * buffer have room): a slow client slows production instead of filling memory. Resumes on the transport's on-ready
 * signal; stops for good when the client cancels (or its deadline passes). At most one worker runs a pump at a time,
 * so the (not thread-safe) stream and observer are used sequentially.
 */
final class TrainingPairPump implements Runnable {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(TrainingPairPump.class);

    private final TrainingPairsRequest request;
    private final TrainingPairRuns runs;
    private final ServerCallStreamObserver<TrainingPairBatch> out;
    private final Executor executor;
    private final Counter streamed;
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private volatile boolean cancelled;
    private volatile boolean finished;
    private TrainingPairRuns.OpenRun run;
    private long next;
    private long workerRuns;

    private TrainingPairPump(TrainingPairsRequest request, TrainingPairRuns runs,
            ServerCallStreamObserver<TrainingPairBatch> out, Executor executor, Counter streamed) {
        this.streamed = streamed;
        this.request = request;
        this.runs = runs;
        this.out = out;
        this.executor = executor;
    }

    static void start(TrainingPairsRequest request, TrainingPairRuns runs, ServerCallStreamObserver<TrainingPairBatch> out,
            Executor executor, Counter streamed) {
        TrainingPairPump pump = new TrainingPairPump(request, runs, out, executor, streamed);
        out.setOnCancelHandler(() -> pump.cancelled = true);
        out.setOnReadyHandler(pump::schedule);
        pump.schedule();
    }

    private void schedule() {
        if (!finished && !cancelled && scheduled.compareAndSet(false, true)) {
            executor.execute(this);
        }
    }

    @Override
    public void run() {
        workerRuns++;
        try {
            if (run == null) {
                run = runs.open(NoiseMapper.toPairRun(request));
                next = run.firstBatch();
            }
            long total = run.stream().batchesTotal();
            while (!cancelled && next < total && out.isReady()) {
                out.onNext(NoiseMapper.toProto(request.getMeta().getRequestId(), run.stream().batch(next), run.dimension()));
                next++;
                streamed.increment();
            }
            if (!cancelled && next >= total) {
                finished = true;
                out.onCompleted();
            }
            if (cancelled || finished) {
                LOG.debugf("StreamTrainingPairs %s: %s after batch %d, %d worker runs", request.getMeta().getRequestId(),
                        cancelled ? "cancelled" : "completed", next, workerRuns);
            }
        } catch (RuntimeException e) {
            finished = true;
            if (!cancelled) {
                out.onError(GrpcErrors.toStatus(e));
            }
        } finally {
            scheduled.set(false);
        }
        // The on-ready signal may have fired while this run was still marked scheduled: look again.
        if (!finished && !cancelled && out.isReady()) {
            schedule();
        }
    }
}
