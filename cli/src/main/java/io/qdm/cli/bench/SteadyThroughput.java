package io.qdm.cli.bench;

import java.util.List;

/**
 * When a warm-up has reached steady state: the last {@link #WINDOW} rounds' throughputs lie within
 * {@link #TOLERANCE} of their mean, and that mean is at most {@link #TOLERANCE} above the mean of the
 * {@link #WINDOW} rounds before them (the rise has stopped, not paused).
 *
 * <p>Measured on the local stack, the services' JIT needs 20,000–40,000 concurrent Generate calls before per-call CPU
 * stops falling (noise-service 2.0 → 0.1 ms, circuit-service 3.3 → 0.4 ms per call; 16-client p50 77 → 14 ms), far
 * more than any fixed count a quick run can afford on a loaded machine. The rise comes in waves: rounds of
 * 378 / 403 / 382 calls/s agreed within 5 % while the same stack went on to 1,000–1,100 calls/s a minute later
 * (2026-11-28). A window compared only with itself called that plateau steady, and the benchmark then measured a
 * 16-client p50 of 26–52 ms on a stack whose warm p50 was 14 ms. So a window must also not have risen over the one
 * before it.
 */
public final class SteadyThroughput {

    /** Rounds that must agree. */
    public static final int WINDOW = 3;
    /** Largest relative distance of a round from the window's mean, and largest rise over the previous window. */
    public static final double TOLERANCE = 0.05;

    private SteadyThroughput() {
    }

    /** @param perSecond throughput of each round so far, oldest first */
    public static boolean settled(List<Double> perSecond) {
        int n = perSecond.size();
        if (n < 2 * WINDOW) {
            return false;
        }
        List<Double> last = perSecond.subList(n - WINDOW, n);
        double mean = mean(last);
        double before = mean(perSecond.subList(n - 2 * WINDOW, n - WINDOW));
        return mean > 0
                && last.stream().allMatch(x -> Math.abs(x - mean) <= TOLERANCE * mean)
                && mean <= (1 + TOLERANCE) * before;
    }

    private static double mean(List<Double> xs) {
        return xs.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    }
}
