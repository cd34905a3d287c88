package io.qdm.cli.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Waits until the host's CPUs are nearly idle, from Linux's {@code /proc/stat}. Benchmarks of the local stack call it
 * between phases: five freshly started JVMs keep compiling for a while after their first calls (single C2
 * compilations of Netty and Kafka methods took 0.6–0.9 s each, measured with JFR), and a finished Kafka job leaves
 * eval-service evaluating the run for several seconds; either would be charged to the next phase.
 */
public final class HostQuiet {

    /** Busy share of all CPUs below which the host counts as quiet. */
    public static final double QUIET_BUSY_FRACTION = 0.15;
    /** Length of one CPU sample. */
    static final Duration WINDOW = Duration.ofSeconds(2);

    private HostQuiet() {
    }

    /**
     * Samples the CPUs over {@link #WINDOW} until one window is below {@link #QUIET_BUSY_FRACTION} busy, or the limit
     * passes.
     *
     * @return seconds waited, or -1 when {@code /proc/stat} is unreadable (not Linux): nothing is waited then
     */
    public static double await(Duration limit) throws InterruptedException {
        long start = System.nanoTime();
        long[] before = cpuTicks();
        if (before == null) {
            return -1;
        }
        while (System.nanoTime() - start < limit.toNanos()) {
            Thread.sleep(WINDOW.toMillis());
            long[] after = cpuTicks();
            if (after == null) {
                return -1;
            }
            long total = after[0] - before[0];
            long idle = after[1] - before[1];
            before = after;
            if (total > 0 && busyFraction(total, idle) < QUIET_BUSY_FRACTION) {
                break;
            }
        }
        return (System.nanoTime() - start) / 1e9;
    }

    static double busyFraction(long totalTicks, long idleTicks) {
        return 1.0 - (double) idleTicks / totalTicks;
    }

    /** {total, idle + iowait} jiffies of the "cpu" line, or null. */
    static long[] cpuTicks() {
        try {
            String line = Files.readAllLines(Path.of("/proc/stat")).get(0);
            return parseCpuLine(line);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Parses {@code cpu  user nice system idle iowait irq softirq steal …} into {total, idle + iowait}. */
    static long[] parseCpuLine(String line) {
        String[] f = line.trim().split("\\s+");
        if (!f[0].equals("cpu") || f.length < 5) {
            throw new IllegalArgumentException("not the aggregate cpu line of /proc/stat: " + line);
        }
        long total = 0;
        int fields = Math.min(f.length, 9); // user … steal; guest times are already inside user and nice
        for (int i = 1; i < fields; i++) {
            total += Long.parseLong(f[i]);
        }
        long idle = Long.parseLong(f[4]) + (f.length > 5 ? Long.parseLong(f[5]) : 0);
        return new long[] {total, idle};
    }
}
