package io.qdm.eval.service;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.qdm.eval.Report;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Prometheus gauges per run: {@code qdm_eval_run_samples{run_id}} (samples accumulated) and
 * {@code qdm_eval_metric{run_id, metric}} (the last evaluated value of each metric key). The values live here
 * (Micrometer gauges hold weak references to their state).
 */
@ApplicationScoped
public class RunGauges {

    @Inject
    MeterRegistry registry;

    private final Map<String, AtomicLong> samples = new ConcurrentHashMap<>();
    private final Map<String, double[]> metrics = new ConcurrentHashMap<>();

    public void samples(String runId, long count) {
        samples.computeIfAbsent(runId, id -> {
            AtomicLong v = new AtomicLong();
            Gauge.builder("qdm.eval.run.samples", v, AtomicLong::doubleValue).tag("run_id", id)
                    .description("samples accumulated for the run").register(registry);
            return v;
        }).set(count);
    }

    public void report(Report report) {
        report.metrics().forEach((name, value) -> metrics.computeIfAbsent(report.runId() + "\u0000" + name, k -> {
            double[] holder = new double[1];
            Gauge.builder("qdm.eval.metric", holder, h -> h[0]).tag("run_id", report.runId()).tag("metric", name)
                    .description("last evaluated value of a run's metric").register(registry);
            return holder;
        })[0] = value);
    }
}
