package io.qdm.cli.bench;

import java.util.List;

/**
 * When the Kafka path is warm: the last two warm-up jobs' rates (images/s) lie within {@link #TOLERANCE} of each
 * other. Each job sends the stages' 256-row code (decode, simulation, serdes) and the client's consumer further
 * through the JIT; on a stack already warmed by gRPC calls, five 10,000-image jobs in a row ran at 694, 1,448, 1,946,
 * 2,240 and 2,130 images/s (2026-11-28). The benchmark stops warming after {@link #MAX_JOBS} jobs either way.
 */
public final class KafkaWarmUp {

    /** Largest relative difference between the last two jobs, against the larger. */
    public static final double TOLERANCE = 0.10;
    /** Most warm-up jobs of a full run. */
    public static final int MAX_JOBS = 6;

    private KafkaWarmUp() {
    }

    /** @param perSecond each warm-up job's rate so far, oldest first */
    public static boolean settled(List<Double> perSecond) {
        int n = perSecond.size();
        if (n < 2) {
            return false;
        }
        double a = perSecond.get(n - 2);
        double b = perSecond.get(n - 1);
        double larger = Math.max(a, b);
        return larger > 0 && Math.abs(a - b) <= TOLERANCE * larger;
    }
}
