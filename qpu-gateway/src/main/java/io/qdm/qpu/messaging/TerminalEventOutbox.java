package io.qdm.qpu.messaging;

import io.qdm.qpu.service.JobRecord;
import io.qdm.qpu.service.JobStore;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Sends job status events in order, one in flight at a time, and makes sure the event of every terminal state gets
 * out: circuit-service continues Kafka generation batches from it, so a lost COMPLETED would stall a batch for good.
 * A terminal event is retried with back-off (doubling from {@code firstBackoff} to {@code maxBackoff}) until Kafka
 * acknowledges it, then marked sent in the job file; after {@code giveUpAfter} it stays owed and is sent again when
 * the gateway restarts ({@link #sendOwed()}), as are the FAILED ends of jobs a restart interrupted. Other events are
 * fire and forget: a newer one follows anyway. Duplicates are harmless (consumers are idempotent).
 */
public final class TerminalEventOutbox {

    private static final Logger LOG = Logger.getLogger(TerminalEventOutbox.class);

    private final JobStore store;
    private final Function<JobRecord, CompletionStage<Void>> send;
    private final ScheduledExecutorService timer;
    private final Duration firstBackoff;
    private final Duration maxBackoff;
    private final Duration giveUpAfter;
    private CompletableFuture<Void> last = CompletableFuture.completedFuture(null);

    public TerminalEventOutbox(JobStore store, Function<JobRecord, CompletionStage<Void>> send,
                               ScheduledExecutorService timer, Duration firstBackoff, Duration maxBackoff,
                               Duration giveUpAfter) {
        this.store = store;
        this.send = send;
        this.timer = timer;
        this.firstBackoff = firstBackoff;
        this.maxBackoff = maxBackoff;
        this.giveUpAfter = giveUpAfter;
    }

    /** Queues a job's current state behind the events already queued; never blocks. */
    public synchronized CompletableFuture<Void> publish(JobRecord job) {
        last = last.handle((ok, e) -> null).thenCompose(ignored -> job.state.terminal()
                ? sendUntilAcknowledged(job, System.nanoTime(), firstBackoff.toMillis())
                : sendOnce(job));
        return last;
    }

    /** Queues the terminal events Kafka never acknowledged (a previous process's), oldest first; returns how many. */
    public int sendOwed() {
        int owed = 0;
        for (JobRecord job : store.terminalEventsOwed()) {
            publish(job);
            owed++;
        }
        return owed;
    }

    private CompletableFuture<Void> sendOnce(JobRecord job) {
        return attempt(job).handle((ok, e) -> {
            if (e != null) {
                LOG.warnf("qpu job %s: status event %s not sent: %s", job.jobId, job.state, e.getMessage());
            }
            return null;
        });
    }

    private CompletableFuture<Void> sendUntilAcknowledged(JobRecord job, long startNanos, long backoffMs) {
        return attempt(job).handle((ok, e) -> {
            if (e == null) {
                store.markTerminalEventSent(job.jobId);
                return CompletableFuture.<Void>completedFuture(null);
            }
            long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
            if (elapsedMs + backoffMs > giveUpAfter.toMillis()) {
                LOG.errorf("qpu job %s: %s event still not acknowledged after %d s (%s); it is sent again when the"
                        + " gateway restarts", job.jobId, job.state, elapsedMs / 1000, e.getMessage());
                return CompletableFuture.<Void>completedFuture(null);
            }
            LOG.warnf("qpu job %s: %s event not sent (%s); retrying in %d ms", job.jobId, job.state, e.getMessage(),
                    backoffMs);
            CompletableFuture<Void> retry = new CompletableFuture<>();
            timer.schedule(() -> {
                sendUntilAcknowledged(job, startNanos, Math.min(2 * backoffMs, maxBackoff.toMillis()))
                        .whenComplete((r, x) -> retry.complete(null));
            }, backoffMs, TimeUnit.MILLISECONDS);
            return retry;
        }).thenCompose(f -> f);
    }

    private CompletableFuture<Void> attempt(JobRecord job) {
        try {
            return send.apply(job).toCompletableFuture();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
