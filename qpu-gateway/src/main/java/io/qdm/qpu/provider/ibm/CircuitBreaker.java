package io.qdm.qpu.provider.ibm;

import java.util.function.LongSupplier;

/**
 * Stops calling IBM after {@code threshold} consecutive failed calls (each already retried): for
 * {@code openMillis} every call fails at once; then one trial call goes through (half-open), and its outcome closes
 * or re-opens the breaker.
 */
public final class CircuitBreaker {

    public enum State { CLOSED, OPEN, HALF_OPEN }

    private final int threshold;
    private final long openMillis;
    private final LongSupplier clockMs;
    private State state = State.CLOSED;
    private int failures;
    private long openedAt;
    private boolean trialInFlight;

    public CircuitBreaker(int threshold, long openMillis, LongSupplier clockMs) {
        this.threshold = Math.max(1, threshold);
        this.openMillis = openMillis;
        this.clockMs = clockMs;
    }

    /** True when a call may proceed now. */
    public synchronized boolean allowRequest() {
        if (state == State.OPEN && clockMs.getAsLong() - openedAt >= openMillis) {
            state = State.HALF_OPEN;
            trialInFlight = false;
        }
        if (state == State.CLOSED) {
            return true;
        }
        if (state == State.HALF_OPEN && !trialInFlight) {
            trialInFlight = true;
            return true;
        }
        return false;
    }

    public synchronized void recordSuccess() {
        state = State.CLOSED;
        failures = 0;
        trialInFlight = false;
    }

    public synchronized void recordFailure() {
        failures++;
        trialInFlight = false;
        if (state == State.HALF_OPEN || failures >= threshold) {
            state = State.OPEN;
            openedAt = clockMs.getAsLong();
        }
    }

    public synchronized State state() {
        if (state == State.OPEN && clockMs.getAsLong() - openedAt >= openMillis) {
            return State.HALF_OPEN;
        }
        return state;
    }
}
