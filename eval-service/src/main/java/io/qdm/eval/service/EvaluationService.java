package io.qdm.eval.service;

import io.qdm.datasets.DataDirectory;
import io.qdm.eval.Report;
import io.qdm.eval.client.LatentClient;
import io.qdm.eval.config.EvalConfig;
import io.qdm.eval.extractor.FeatureExtractor;
import io.qdm.eval.metrics.MetricOptions;
import io.qdm.eval.metrics.SampleSet;
import io.qdm.eval.stats.RunStatistics;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.nio.file.Path;
import java.util.Set;

/**
 * Adds samples to runs (extracting their features once, with the default extractor) and evaluates runs against
 * reference sets; the service layer behind both gRPC and Kafka.
 */
@ApplicationScoped
public class EvaluationService {

    @Inject
    EvalConfig config;

    @Inject
    RunBook runs;

    @Inject
    ExtractorRegistry extractors;

    @Inject
    LatentClient latent;

    @Inject
    RunGauges gauges;

    private Evaluator evaluator;

    @PostConstruct
    void init() {
        Path data = config.dataDir().map(Path::of).orElseGet(DataDirectory::resolveDefault);
        Path cache = config.cacheDir().map(Path::of).orElse(data.resolveSibling("eval-cache"));
        MetricOptions options = new MetricOptions(config.covarianceEpsilon(), config.kidSubsets(),
                config.kidSubsetSize(), config.prcK(), config.prcMaxSamples(), 4, 20, config.seed(), Set.of());
        ReferenceLibrary refs = new ReferenceLibrary(data, cache);
        evaluator = new Evaluator(refs, new Baselines(refs, config.covarianceEpsilon()), options);
    }

    /**
     * Validates a batch, skips it when its index was already added (redelivery), else extracts its features and adds
     * it to the run.
     *
     * @return false for a redelivered batch
     * @throws IllegalArgumentException naming the field (images, labels, run_id)
     */
    public boolean add(String runId, double[] images, int[] labels, int batchIndex, int batchesTotal) {
        RunStatistics run = runs.run(runId);
        run.validate(images, labels);
        if (run.seen(batchIndex)) {
            return false;
        }
        int rows = images.length / RunBook.IMAGE_PIXELS;
        float[] px = new float[images.length];
        for (int i = 0; i < px.length; i++) {
            px[i] = (float) images[i];
        }
        FeatureExtractor.Output out = extractors.defaultExtractor().extract(px, rows);
        boolean added = run.add(images, labels, batchIndex, batchesTotal, out.features(), out.probabilities());
        gauges.samples(runId, run.snapshot().samples());
        return added;
    }

    /**
     * Evaluates a run.
     *
     * @param reference empty = {@code qdm.eval.default-reference}
     * @throws UnknownRunException      for a run without samples
     * @throws IllegalArgumentException naming the field (reference, extractor.name, metrics, run_id: too few
     *                                  samples)
     */
    public Report evaluate(String runId, String reference, String extractorName, String extractorVersion,
            Set<String> metrics) {
        ReferenceLibrary.ReferenceId ref = ReferenceLibrary.ReferenceId.parse(
                reference == null || reference.isBlank() ? config.defaultReference() : reference);
        FeatureExtractor extractor = extractors.resolve(extractorName, extractorVersion);
        evaluator.options().withMetrics(metrics); // validates the names before any work
        RunStatistics run = runs.find(runId).orElseThrow(() -> new UnknownRunException(runId, runs.runIds()));
        SampleSet samples = run.sampleSet();
        if (extractor != extractors.defaultExtractor()) {
            // features of another extractor: from the stored images (all of them when the run fits its bound)
            samples = ReferenceLibrary.sampleSet(samples.name(), extractor, samples.images(), samples.stored(),
                    samples.labels());
        }
        Report report = evaluator.evaluate(runId, samples, extractor, ref, metrics, latent.reconstructor());
        runs.putReport(report);
        gauges.report(report);
        return report;
    }

    /** True when the run has enough samples for FID with the default extractor. */
    public boolean evaluable(String runId) {
        return runs.find(runId).map(r -> r.snapshot().samples() > extractors.defaultExtractor().featureDim())
                .orElse(false);
    }

    public ExtractorRegistry extractors() {
        return extractors;
    }
}
