package io.qdm.eval.service;

import io.qdm.eval.Report;
import io.qdm.eval.config.EvalConfig;
import io.qdm.eval.extractor.ClassifierNetwork;
import io.qdm.eval.stats.RunStatistics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The runs this replica accumulates statistics for, by run id (28×28 images, the default extractor's features), and
 * the last report computed for each.
 */
@ApplicationScoped
public class RunBook {

    public static final int IMAGE_PIXELS = 28 * 28;

    @Inject
    EvalConfig config;

    private final Map<String, RunStatistics> runs = new ConcurrentHashMap<>();
    private final Map<String, Report> reports = new ConcurrentHashMap<>();

    /** The run's statistics, created on first use. */
    public RunStatistics run(String runId) {
        if (runId == null || runId.isBlank()) {
            throw new IllegalArgumentException("run_id: missing");
        }
        return runs.computeIfAbsent(runId, id -> new RunStatistics(id, IMAGE_PIXELS, ClassifierNetwork.FEATURE_DIM,
                ClassifierNetwork.CLASSES, config.maxStoredSamplesPerRun()));
    }

    public Optional<RunStatistics> find(String runId) {
        return Optional.ofNullable(runs.get(runId));
    }

    /** Known run ids, sorted (for NOT_FOUND messages). */
    public List<String> runIds() {
        return runs.keySet().stream().sorted().toList();
    }

    public void putReport(Report report) {
        reports.put(report.runId(), report);
    }

    public Optional<Report> report(String runId) {
        return Optional.ofNullable(reports.get(runId));
    }
}
