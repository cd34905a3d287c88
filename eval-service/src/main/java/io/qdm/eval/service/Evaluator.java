package io.qdm.eval.service;

import io.qdm.eval.Report;
import io.qdm.eval.extractor.ClassifierNetwork;
import io.qdm.eval.extractor.FeatureExtractor;
import io.qdm.eval.metrics.MetricOptions;
import io.qdm.eval.metrics.SampleMetrics;
import io.qdm.eval.metrics.SampleSet;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Scores a generated {@link SampleSet} against a reference set and adds the baselines: the one evaluation path shared
 * by the service (Evaluate, end of a Kafka run), {@code qdm eval} and {@code qdm bench eval}. No CDI.
 */
public final class Evaluator {

    private static final System.Logger LOG = System.getLogger(Evaluator.class.getName());

    private final ReferenceLibrary refs;
    private final Baselines baselines;
    private final MetricOptions options;

    public Evaluator(ReferenceLibrary refs, Baselines baselines, MetricOptions options) {
        this.refs = refs;
        this.baselines = baselines;
        this.options = options;
    }

    public ReferenceLibrary references() {
        return refs;
    }

    public MetricOptions options() {
        return options;
    }

    /**
     * @param generated   the run's samples through {@code extractor}
     * @param reference   parsed reference name
     * @param metrics     metric groups (empty = all)
     * @param autoencoder latent-service for the reconstruction baseline, or null
     * @throws IllegalArgumentException "run_id: …" when the run has too few samples for a covariance
     */
    public Report evaluate(String runId, SampleSet generated, FeatureExtractor extractor,
            ReferenceLibrary.ReferenceId reference, java.util.Set<String> metrics, Baselines.Reconstructor autoencoder) {
        long t0 = System.nanoTime();
        MetricOptions o = options.withMetrics(metrics);
        SampleMetrics.requireEnoughForFid("run_id", "run '" + runId + "'", generated.count(), extractor.featureDim());
        if (o.covarianceEpsilon() > 0) {
            LOG.log(System.Logger.Level.INFO, "FID of run " + runId + ": covariance regulariser epsilon = "
                    + o.covarianceEpsilon() + " added to both covariances");
        }
        SampleSet ref = refs.reference(extractor, reference);
        SampleMetrics.Result r = SampleMetrics.compute(generated, ref, o, ClassifierNetwork.CLASSES);
        Map<String, Double> all = new LinkedHashMap<>(r.metrics());
        Map<String, String> unavailable = new TreeMap<>(r.unavailable());
        Map<String, Object> details = new LinkedHashMap<>(r.details());
        Baselines.Outcome rvr = baselines.realVsReal(extractor, reference);
        put(all, unavailable, details, "fid_real_vs_real", rvr);
        Baselines.Outcome ae = baselines.aeReconstruction(extractor, reference, autoencoder);
        put(all, unavailable, details, "fid_ae_reconstruction", ae);
        var m = extractor.manifest();
        return new Report(runId, new Report.Extractor(m.id(), m.version(), m.weights().sha256(), m.featureDim(),
                m.description()), FeatureExtractor.RESIZE_MODE, reference.name(), ref.count(), generated.count(),
                generated.stored(), r.covarianceEpsilon(), all, r.perClass(), unavailable, details, o,
                (System.nanoTime() - t0) / 1e9, System.currentTimeMillis());
    }

    private static void put(Map<String, Double> metrics, Map<String, String> unavailable, Map<String, Object> details,
            String key, Baselines.Outcome o) {
        if (o.value() != null) {
            metrics.put(key, o.value());
            details.put(key, o.details());
        } else {
            unavailable.put(key, o.reason());
        }
    }
}
