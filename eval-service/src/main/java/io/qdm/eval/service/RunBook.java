package io.qdm.eval.service;

import io.qdm.eval.stats.RunStatistics;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The runs this replica accumulates statistics for, by run id (28×28 images). */
@ApplicationScoped
public class RunBook {

    public static final int IMAGE_PIXELS = 28 * 28;

    private final Map<String, RunStatistics> runs = new ConcurrentHashMap<>();

    /** The run's statistics, created on first use. */
    public RunStatistics run(String runId) {
        if (runId == null || runId.isBlank()) {
            throw new IllegalArgumentException("run_id: missing");
        }
        return runs.computeIfAbsent(runId, id -> new RunStatistics(id, IMAGE_PIXELS));
    }

    public Optional<RunStatistics> find(String runId) {
        return Optional.ofNullable(runs.get(runId));
    }

    public List<String> runIds() {
        return runs.keySet().stream().sorted().toList();
    }
}
