package io.qdm.eval;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import io.qdm.eval.metrics.MetricOptions;
import io.qdm.eval.metrics.SampleMetrics;

import java.util.List;
import java.util.Map;

/**
 * One evaluation of a run against a reference set, with everything needed to interpret its numbers (ecosystem-notes
 * §4.1: extractor, its hash, resize mode, sample counts, reference set, regulariser). {@link #toJson()} is the
 * report as {@code qdm eval} writes it and {@code EvaluationReport.report_json} carries it.
 *
 * @param metrics     fid, fid_real_vs_real, fid_ae_reconstruction, kid_mean, kid_std, precision, recall,
 *                    conditioning_accuracy, jsd_mean, roc_auc_mean (only those computed)
 * @param unavailable metric → why it is absent (e.g. latent-service unreachable)
 * @param storedSamples samples whose features were kept (KID, precision/recall, JSD, conditioning, ROC-AUC use them)
 */
public record Report(String runId, Extractor extractor, String resizeMode, String reference, long referenceCount,
        long sampleCount, int storedSamples, double covarianceEpsilon, Map<String, Double> metrics,
        List<SampleMetrics.PerClass> perClass, Map<String, String> unavailable, Map<String, Object> details,
        MetricOptions options, double seconds, long computedAtMs) {

    /** The extractor as reports name it. */
    public record Extractor(String id, String version, String sha256, int featureDim, String description) {
    }

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping()
            .serializeSpecialFloatingPointValues().create();

    public String toJson() {
        return GSON.toJson(this);
    }
}
