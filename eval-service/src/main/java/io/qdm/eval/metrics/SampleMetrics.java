package io.qdm.eval.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every sample-quality metric of a generated set against a reference set (notes §7, ecosystem-notes §4): FID, KID,
 * precision/recall, conditioning accuracy, per-class JSD of PCA histograms and one-vs-rest ROC-AUC. Pure computation:
 * no I/O, no model; the features and class probabilities are already in the {@link SampleSet}s.
 *
 * <p>A metric that cannot be computed for this input (no requested labels, too few samples for KID) is absent from
 * {@link Result#metrics} and its reason is in {@link Result#unavailable}. FID's precondition is checked up front
 * ({@link #requireEnoughForFid}): with fewer samples than feature dimensions + 1 the covariance is singular and the
 * number would be meaningless.
 */
public final class SampleMetrics {

    private SampleMetrics() {
    }

    public record PerClass(int label, long samples, double conditioningAccuracy, double jsd, double rocAuc) {
    }

    /**
     * @param metrics     metric name → value (keys: fid, kid_mean, kid_std, precision, recall, conditioning_accuracy,
     *                    jsd_mean, roc_auc_mean)
     * @param unavailable metric name → why it is absent
     * @param details     how each number was obtained (FID parts, subset sizes, label source), for the JSON report
     */
    public record Result(Map<String, Double> metrics, List<PerClass> perClass, Map<String, String> unavailable,
            Map<String, Object> details, double covarianceEpsilon) {
    }

    /** Minimum samples for a full-rank covariance of d-dimensional features. */
    public static long minimumSamplesForFid(int featureDim) {
        return featureDim + 1L;
    }

    /** @throws IllegalArgumentException "{field}: ... has N samples; ... needs at least d+1" */
    public static void requireEnoughForFid(String field, String what, long samples, int featureDim) {
        long need = minimumSamplesForFid(featureDim);
        if (samples < need) {
            throw new IllegalArgumentException(field + ": " + what + " has " + samples + " samples; the FID covariance "
                    + "of " + featureDim + "-d features needs at least " + need + " (feature dimension + 1)");
        }
    }

    public static FrechetDistance.Result fid(MomentAccumulator a, MomentAccumulator b, double eps) {
        return FrechetDistance.compute(a.mean(), a.covariance(), b.mean(), b.covariance(), eps);
    }

    public static Result compute(SampleSet gen, SampleSet ref, MetricOptions o, int classes) {
        Map<String, Double> m = new LinkedHashMap<>();
        Map<String, String> unavailable = new TreeMap<>();
        Map<String, Object> details = new LinkedHashMap<>();
        int d = gen.featureMoments().dim();
        if (o.wants("fid")) {
            FrechetDistance.Result f = fid(gen.featureMoments(), ref.featureMoments(), o.covarianceEpsilon());
            m.put("fid", f.fid());
            details.put("fid", Map.of("mean_term", f.meanTerm(), "trace_generated", f.trace1(), "trace_reference",
                    f.trace2(), "trace_sqrt_product", f.traceSqrt(), "covariance_epsilon", f.epsilon(),
                    "generated_samples", gen.count(), "reference_samples", ref.count()));
        }
        if (o.wants("kid")) {
            if (gen.stored() < 2) {
                unavailable.put("kid", "needs at least 2 stored samples, have " + gen.stored());
            } else {
                KernelInceptionDistance.Result k = KernelInceptionDistance.compute(gen.features(), gen.stored(),
                        ref.features(), ref.stored(), d, o.kidSubsets(), o.kidSubsetSize(), o.seed());
                m.put("kid_mean", k.mean());
                m.put("kid_std", k.std());
                details.put("kid", Map.of("subsets", k.subsets(), "subset_size", k.subsetSize(), "degree", 3,
                        "coef0", 1, "gamma", "1/" + d));
            }
        }
        if (o.wants("precision_recall")) {
            if (gen.stored() <= o.prcK()) {
                unavailable.put("precision_recall", "needs more than k = " + o.prcK() + " stored samples, have "
                        + gen.stored());
            } else {
                PrecisionRecall.Result pr = PrecisionRecall.compute(ref.features(), ref.stored(), gen.features(),
                        gen.stored(), d, o.prcK(), o.prcMaxSamples(), o.seed());
                m.put("precision", pr.precision());
                m.put("recall", pr.recall());
                details.put("precision_recall", Map.of("k", pr.k(), "reference_used", pr.realUsed(),
                        "generated_used", pr.generatedUsed()));
            }
        }
        int[] requested = gen.labels();
        int[] predicted = new int[gen.stored()];
        for (int i = 0; i < predicted.length; i++) {
            predicted[i] = gen.predicted(i, classes);
        }
        double[] condPer = new double[classes];
        double[] aucPer = new double[classes];
        double[] jsdPer = new double[classes];
        java.util.Arrays.fill(condPer, Double.NaN);
        java.util.Arrays.fill(aucPer, Double.NaN);
        java.util.Arrays.fill(jsdPer, Double.NaN);
        long[] perClassSamples = new long[classes];
        int[] groupLabels = requested != null ? requested : predicted;
        for (int label : groupLabels) {
            perClassSamples[label]++;
        }
        String noLabels = "the samples carry no requested labels (unconditioned run)";
        if (o.wants("conditioning_accuracy")) {
            if (requested == null) {
                unavailable.put("conditioning_accuracy", noLabels);
            } else {
                long[] right = new long[classes];
                long correct = 0;
                for (int i = 0; i < requested.length; i++) {
                    if (predicted[i] == requested[i]) {
                        right[requested[i]]++;
                        correct++;
                    }
                }
                for (int c = 0; c < classes; c++) {
                    condPer[c] = perClassSamples[c] == 0 ? Double.NaN : (double) right[c] / perClassSamples[c];
                }
                m.put("conditioning_accuracy", (double) correct / requested.length);
            }
        }
        if (o.wants("roc_auc")) {
            if (requested == null) {
                unavailable.put("roc_auc", noLabels);
            } else {
                double sum = 0;
                int n = 0;
                double[] scores = new double[requested.length];
                boolean[] pos = new boolean[requested.length];
                for (int c = 0; c < classes; c++) {
                    for (int i = 0; i < requested.length; i++) {
                        scores[i] = gen.probabilities()[i * classes + c];
                        pos[i] = requested[i] == c;
                    }
                    aucPer[c] = RocAuc.auc(scores, pos);
                    if (!Double.isNaN(aucPer[c])) {
                        sum += aucPer[c];
                        n++;
                    }
                }
                if (n == 0) {
                    unavailable.put("roc_auc", "needs samples of at least two requested labels");
                } else {
                    m.put("roc_auc_mean", sum / n);
                    details.put("roc_auc", "one-vs-rest per requested label: the classifier's softmax probability of "
                            + "the label as score, positives = samples requested as that label; mean over "
                            + n + " labels");
                }
            }
        }
        if (o.wants("jsd")) {
            if (ref.labels() == null || ref.images() == null || gen.pixelMoments() == null
                    || ref.pixelMoments() == null) {
                unavailable.put("jsd", "reference labels or images are missing");
            } else {
                MomentAccumulator pixels = new MomentAccumulator(ref.pixelMoments().dim());
                pixels.merge(ref.pixelMoments());
                pixels.merge(gen.pixelMoments());
                PcaHistogramJsd.Result j = PcaHistogramJsd.compute(pixels, ref.images(), ref.labels(), gen.images(),
                        groupLabels, classes, o.jsdComponents(), o.jsdBins());
                System.arraycopy(j.perClass(), 0, jsdPer, 0, classes);
                if (Double.isNaN(j.mean())) {
                    unavailable.put("jsd", "no class has both reference and generated samples");
                } else {
                    m.put("jsd_mean", j.mean());
                    details.put("jsd", Map.of("components", j.components(), "bins_per_component", j.bins(),
                            "log_base", 2, "classes_from", requested != null ? "requested labels"
                                    : "classifier predictions (unconditioned run)"));
                }
            }
        }
        List<PerClass> per = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            if (perClassSamples[c] > 0) {
                per.add(new PerClass(c, perClassSamples[c], condPer[c], jsdPer[c], aucPer[c]));
            }
        }
        return new Result(m, per, unavailable, details, o.covarianceEpsilon());
    }
}
