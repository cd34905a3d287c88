package io.qdm.eval.mapping;

import io.qdm.eval.stats.RunStatistics;
import io.qdm.proto.eval.v1.EvaluationReport;
import io.qdm.proto.eval.v1.Provenance;

/**
 * Run statistics → proto report. Only what has been computed is reported: sample counts, per-label counts and pixel
 * moments. Feature-based metrics (FID, KID, …) are added by Evaluate once a feature extractor is configured.
 */
public final class ReportMapper {

    private ReportMapper() {
    }

    public static EvaluationReport toReport(RunStatistics.Snapshot s, long nowMs) {
        EvaluationReport.Builder report = EvaluationReport.newBuilder()
                .setRunId(s.runId())
                .setProvenance(Provenance.newBuilder().setSampleCount(s.samples()).setResizeMode("none (28x28)"))
                .putMetrics("samples", s.samples())
                .putMetrics("batches", s.batches())
                .putMetrics("pixel_mean", s.pixelMean())
                .setComputedAtMs(nowMs);
        if (!Double.isNaN(s.pixelVariance())) {
            report.putMetrics("pixel_variance", s.pixelVariance());
        }
        long[] counts = s.labelCounts();
        for (int label = 0; label < counts.length; label++) {
            if (counts[label] > 0) {
                report.putMetrics("label_count_" + label, counts[label]);
            }
        }
        return report.build();
    }
}
