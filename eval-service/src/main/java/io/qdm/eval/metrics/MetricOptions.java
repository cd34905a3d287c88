package io.qdm.eval.metrics;

import java.util.Set;

/**
 * How the metrics are computed; every value is recorded in the report.
 *
 * @param covarianceEpsilon ε·I added to both covariances before the Fréchet distance (0 = none)
 * @param kidSubsets        KID subsets (torch-fidelity default 100)
 * @param kidSubsetSize     KID subset size (torch-fidelity default 1000; capped at the smaller set)
 * @param prcK              k of the k-NN manifolds (torch-fidelity default 3)
 * @param prcMaxSamples     precision/recall subsample bound per set (cost is quadratic)
 * @param jsdComponents     PCA components of the JSD histograms (the authors: 4)
 * @param jsdBins           histogram bins per component (the authors: 20)
 * @param seed              seed of every subsample
 * @param metrics           the metric groups to compute: fid, kid, precision_recall, conditioning_accuracy, jsd,
 *                          roc_auc
 */
public record MetricOptions(double covarianceEpsilon, int kidSubsets, int kidSubsetSize, int prcK,
        int prcMaxSamples, int jsdComponents, int jsdBins, long seed, Set<String> metrics) {

    public static final Set<String> ALL = Set.of("fid", "kid", "precision_recall", "conditioning_accuracy", "jsd",
            "roc_auc");

    public MetricOptions {
        for (String m : metrics) {
            if (!ALL.contains(m)) {
                throw new IllegalArgumentException("metrics: unknown metric '" + m + "' (expected any of "
                        + String.join(", ", new java.util.TreeSet<>(ALL)) + ")");
            }
        }
        metrics = metrics.isEmpty() ? ALL : Set.copyOf(metrics);
    }

    public static MetricOptions defaults() {
        return new MetricOptions(0, 100, 1000, 3, 5000, 4, 20, 0, ALL);
    }

    public MetricOptions withMetrics(Set<String> selected) {
        return new MetricOptions(covarianceEpsilon, kidSubsets, kidSubsetSize, prcK, prcMaxSamples, jsdComponents,
                jsdBins, seed, selected);
    }

    public boolean wants(String metric) {
        return metrics.contains(metric);
    }
}
