package io.qdm.eval.mapping;

import io.qdm.eval.Report;
import io.qdm.eval.extractor.FeatureExtractor;
import io.qdm.eval.metrics.SampleMetrics;
import io.qdm.eval.stats.RunStatistics;
import io.qdm.proto.common.v1.ModelRef;
import io.qdm.proto.eval.v1.EvaluationReport;
import io.qdm.proto.eval.v1.ExtractorInfo;
import io.qdm.proto.eval.v1.PerClassMetrics;
import io.qdm.proto.eval.v1.Provenance;

/** Domain reports and run statistics → proto. */
public final class ReportMapper {

    private ReportMapper() {
    }

    /**
     * Statistics-only report of a run that has not been evaluated: sample counts, per-label counts and pixel moments.
     */
    public static EvaluationReport toReport(RunStatistics.Snapshot s, long nowMs) {
        EvaluationReport.Builder report = EvaluationReport.newBuilder()
                .setRunId(s.runId())
                .setProvenance(Provenance.newBuilder().setSampleCount(s.samples()).setResizeMode("none (28x28)"))
                .setComputedAtMs(nowMs);
        putStatistics(report, s);
        return report.build();
    }

    /** An evaluation, with the run's statistics added to its metrics map. */
    public static EvaluationReport toReport(Report r, RunStatistics.Snapshot s) {
        EvaluationReport.Builder b = EvaluationReport.newBuilder()
                .setRunId(r.runId())
                .setProvenance(Provenance.newBuilder()
                        .setExtractor(ModelRef.newBuilder().setName(r.extractor().id())
                                .setVersion(r.extractor().version()))
                        .setExtractorSha256(r.extractor().sha256())
                        .setFeatureDim(r.extractor().featureDim())
                        .setResizeMode(r.resizeMode())
                        .setReference(r.reference())
                        .setReferenceCount(r.referenceCount())
                        .setSampleCount(r.sampleCount())
                        .setCovarianceEpsilon(r.covarianceEpsilon()))
                .putAllMetrics(r.metrics())
                .setComputedAtMs(r.computedAtMs())
                .setReportJson(r.toJson());
        if (s != null) {
            putStatistics(b, s);
        }
        for (SampleMetrics.PerClass p : r.perClass()) {
            b.addPerClass(PerClassMetrics.newBuilder().setLabel(p.label()).setSamples(p.samples())
                    .setConditioningAccuracy(p.conditioningAccuracy()).setJsd(p.jsd()).setRocAuc(p.rocAuc()));
        }
        return b.build();
    }

    private static void putStatistics(EvaluationReport.Builder report, RunStatistics.Snapshot s) {
        report.putMetrics("samples", s.samples())
                .putMetrics("batches", s.batches())
                .putMetrics("pixel_mean", s.pixelMean());
        if (!Double.isNaN(s.pixelVariance())) {
            report.putMetrics("pixel_variance", s.pixelVariance());
        }
        long[] counts = s.labelCounts();
        for (int label = 0; label < counts.length; label++) {
            if (counts[label] > 0) {
                report.putMetrics("label_count_" + label, counts[label]);
            }
        }
    }

    public static ExtractorInfo toInfo(FeatureExtractor e) {
        var m = e.manifest();
        return ExtractorInfo.newBuilder()
                .setExtractor(ModelRef.newBuilder().setName(m.id()).setVersion(m.version()))
                .setSha256(m.weights().sha256())
                .setFeatureDim(m.featureDim())
                .setInputSize(m.inputSize())
                .setDescription(m.description() + String.format(java.util.Locale.ROOT,
                        "; %s test accuracy %.4f", m.dataset(), m.metrics().testAccuracy()))
                .build();
    }
}
