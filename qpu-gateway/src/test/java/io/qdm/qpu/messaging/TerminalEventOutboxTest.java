package io.qdm.qpu.messaging;

import io.qdm.qpu.service.JobRecord;
import io.qdm.qpu.service.JobState;
import io.qdm.qpu.service.JobStore;
import io.qdm.qpu.service.JobStoreTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class TerminalEventOutboxTest {

    private static final Duration FIRST = Duration.ofMillis(5);
    private static final Duration MAX = Duration.ofMillis(20);

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        timer.shutdownNow();
    }

    /** A send that fails the first {@code failures.get(jobId + state)} attempts of an event, and records every attempt. */
    private static final class FlakyKafka {
        final List<String> attempts = new CopyOnWriteArrayList<>();
        final Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();

        CompletableFuture<Void> send(JobRecord job) {
            String event = job.jobId + " " + job.state;
            attempts.add(event);
            AtomicInteger left = failures.get(event);
            if (left != null && left.getAndDecrement() > 0) {
                return CompletableFuture.failedFuture(new IllegalStateException("broker unavailable"));
            }
            return CompletableFuture.completedFuture(null);
        }
    }

    private static JobRecord job(JobStore store, String id) {
        return store.insertOrGet(JobStoreTest.job(id, "", "sha-" + id));
    }

    @Test
    void aTerminalEventIsRetriedInOrderUntilAcknowledgedAndOtherEventsAreSentOnce(@TempDir Path dir) throws Exception {
        JobStore store = new JobStore(dir);
        FlakyKafka kafka = new FlakyKafka();
        kafka.failures.put("a RUNNING", new AtomicInteger(1));
        kafka.failures.put("a COMPLETED", new AtomicInteger(2));
        TerminalEventOutbox outbox = new TerminalEventOutbox(store, kafka::send, timer, FIRST, MAX, Duration.ofSeconds(30));
        job(store, "a");
        JobRecord b = job(store, "b");
        outbox.publish(store.update("a", j -> j.state = JobState.RUNNING));
        outbox.publish(store.update("a", j -> j.state = JobState.COMPLETED));
        outbox.publish(b).get(10, TimeUnit.SECONDS);
        // a's lost RUNNING is not repeated; its COMPLETED is, and b's event waits behind it (one job's order holds)
        assertThat(kafka.attempts).containsExactly("a RUNNING", "a COMPLETED", "a COMPLETED", "a COMPLETED", "b ACCEPTED");
        assertThat(store.require("a").terminalEventSent).isTrue();
        assertThat(store.terminalEventsOwed()).isEmpty();
        assertThat(Files.readString(dir.resolve("a.json"))).contains("\"terminal_event_sent\" : true");
    }

    @Test
    void anEventStillUnsentWhenRetriesGiveUpIsOwedAndSentByTheNextProcessLikeTheEndsARestartImposes(@TempDir Path dir)
            throws Exception {
        JobStore store = new JobStore(dir);
        FlakyKafka down = new FlakyKafka();
        down.failures.put("c COMPLETED", new AtomicInteger(Integer.MAX_VALUE));
        TerminalEventOutbox outbox = new TerminalEventOutbox(store, down::send, timer, FIRST, MAX, Duration.ofMillis(60));
        job(store, "c");
        job(store, "d");
        outbox.publish(store.update("c", j -> j.state = JobState.COMPLETED)).get(10, TimeUnit.SECONDS);
        outbox.publish(store.update("d", j -> j.state = JobState.RUNNING)).get(10, TimeUnit.SECONDS);
        assertThat(down.attempts.stream().filter("c COMPLETED"::equals).count()).isBetween(3L, 13L);
        assertThat(store.require("c").terminalEventSent).isFalse();

        // the gateway restarts: d was running, so it ends FAILED (UNAVAILABLE); c's COMPLETED is still owed
        JobStore restarted = new JobStore(dir);
        assertThat(restarted.load()).isEqualTo(2);
        assertThat(restarted.terminalEventsOwed()).extracting(j -> j.jobId + " " + j.state)
                .containsExactly("c COMPLETED", "d FAILED");
        FlakyKafka up = new FlakyKafka();
        TerminalEventOutbox next = new TerminalEventOutbox(restarted, up::send, timer, FIRST, MAX, Duration.ofSeconds(30));
        assertThat(next.sendOwed()).isEqualTo(2);
        next.publish(restarted.require("c")).get(10, TimeUnit.SECONDS);   // queued behind both: waits for them
        assertThat(up.attempts).startsWith("c COMPLETED", "d FAILED");
        assertThat(restarted.terminalEventsOwed()).isEmpty();
        JobStore third = new JobStore(dir);
        third.load();
        assertThat(third.terminalEventsOwed()).as("acknowledged ends are not sent again after another restart").isEmpty();
    }

    @Test
    void jobFilesFromBeforeTheFlagCountAsSent(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("old.json"), """
                {"format": "qdm-qpu-job/1", "job_id": "old", "state": "COMPLETED", "provider": "shots",
                 "device": "default", "model": "m", "model_version": "1", "mode": "STEP_BY_STEP", "seed": "1"}
                """);
        JobStore store = new JobStore(dir);
        assertThat(store.load()).isEqualTo(1);
        assertThat(store.require("old").terminalEventSent).isTrue();
        assertThat(store.terminalEventsOwed()).isEmpty();
    }
}
