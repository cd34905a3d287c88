package io.qdm.cli.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU time (user + system) of named processes, from Linux's {@code /proc/<pid>/stat}, so that a benchmark phase can
 * say where its time went: every process of the local stack and the benchmark itself share the host's cores, and a
 * phase's rate alone cannot tell a slow stage from a busy neighbour or a JIT still compiling.
 */
public final class ProcessCpu {

    /** Clock ticks per second of {@code /proc/<pid>/stat}'s times (USER_HZ: 100 on every Linux build in use). */
    static final double TICKS_PER_SECOND = 100.0;

    private final Map<String, Long> pids;

    /** @param pids process id by name, in the order the results should list them */
    public ProcessCpu(Map<String, Long> pids) {
        this.pids = new LinkedHashMap<>(pids);
    }

    /** CPU seconds of each process so far (a process that is gone or unreadable is left out). */
    public Map<String, Double> seconds() {
        Map<String, Double> s = new LinkedHashMap<>();
        pids.forEach((name, pid) -> {
            long ticks = ticks(pid);
            if (ticks >= 0) {
                s.put(name, ticks / TICKS_PER_SECOND);
            }
        });
        return s;
    }

    /**
     * Milliseconds of CPU per unit of work (a call, an image) between two {@link #seconds()} readings, by process,
     * plus {@code "total"}; values rounded to 0.001 ms.
     */
    public static Map<String, Double> msPer(Map<String, Double> before, Map<String, Double> after, long units) {
        Map<String, Double> ms = new LinkedHashMap<>();
        double total = 0;
        for (Map.Entry<String, Double> e : after.entrySet()) {
            Double b = before.get(e.getKey());
            if (b == null) {
                continue;
            }
            double perUnit = (e.getValue() - b) * 1000.0 / units;
            total += perUnit;
            ms.put(e.getKey(), round(perUnit));
        }
        ms.put("total", round(total));
        return ms;
    }

    private static double round(double x) {
        return Math.round(x * 1000) / 1000.0;
    }

    /** utime + stime in ticks, or -1. */
    static long ticks(long pid) {
        try {
            return parseTicks(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
        } catch (IOException | RuntimeException e) {
            return -1; // not Linux, or the process is gone
        }
    }

    /**
     * utime + stime from a {@code /proc/<pid>/stat} line: fields 14 and 15, counted after the command name, which is
     * in parentheses and may itself hold spaces and parentheses (so the split starts after the last ')').
     */
    static long parseTicks(String statLine) {
        String[] f = statLine.substring(statLine.lastIndexOf(')') + 2).trim().split(" ");
        // f[0] is field 3 (state): utime = field 14 = f[11], stime = field 15 = f[12]
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }
}
