package io.qdm.cli.bench;

import java.util.List;

/**
 * When a warm-up has reached steady state: the last {@link #WINDOW} rounds' throughputs lie within
 * {@link #TOLERANCE} of their mean. Measured on the local stack, the services' JIT needs 20,000–30,000 concurrent
 * Generate calls before per-call CPU stops falling (noise-service 2.0 → 0.4 ms, circuit-service 3.3 → 0.6 ms per
 * call; 16-client p50 77 → 37 ms), far more than any fixed count a quick run can afford on a loaded machine. So the
 * benchmark warms by rounds until they settle, within a time limit, and records the rounds.
 */
public final class SteadyThroughput {

    /** Rounds that must agree. */
    public static final int WINDOW = 3;
    /** Largest relative distance of a round from the window's mean. */
    public static final double TOLERANCE = 0.05;

    private SteadyThroughput() {
    }

    /** @param perSecond throughput of each round so far, oldest first */
    public static boolean settled(List<Double> perSecond) {
        if (perSecond.size() < WINDOW) {
            return false;
        }
        List<Double> last = perSecond.subList(perSecond.size() - WINDOW, perSecond.size());
        double mean = last.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        return mean > 0 && last.stream().allMatch(x -> Math.abs(x - mean) <= TOLERANCE * mean);
    }
}
