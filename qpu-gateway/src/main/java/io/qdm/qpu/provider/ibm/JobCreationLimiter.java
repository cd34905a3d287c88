package io.qdm.qpu.provider.ibm;

import java.util.ArrayDeque;
import java.util.function.LongSupplier;

/**
 * IBM's job-creation limit ("5 jobs per minute per user") enforced client side as a sliding window: a creation is
 * allowed when fewer than {@code perMinute} creations happened in the last 60 s; otherwise the caller is told how long
 * to wait and reschedules (never sleeps on a request thread).
 */
public final class JobCreationLimiter {
    private static final long WINDOW_MS = 60_000;

    private final int perMinute;
    private final LongSupplier clockMs;
    private final ArrayDeque<Long> created = new ArrayDeque<>();

    public JobCreationLimiter(int perMinute, LongSupplier clockMs) {
        if (perMinute < 1) {
            throw new IllegalArgumentException("qdm.qpu.ibm.jobs-per-minute must be ≥ 1, got " + perMinute);
        }
        this.perMinute = perMinute;
        this.clockMs = clockMs;
    }

    /** Takes a permit and returns 0, or returns the milliseconds until one frees up (taking nothing). */
    public synchronized long tryAcquire() {
        long now = clockMs.getAsLong();
        while (!created.isEmpty() && created.peekFirst() <= now - WINDOW_MS) {
            created.pollFirst();
        }
        if (created.size() < perMinute) {
            created.addLast(now);
            return 0;
        }
        return created.peekFirst() + WINDOW_MS - now;
    }
}
