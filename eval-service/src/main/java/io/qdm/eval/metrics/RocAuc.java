package io.qdm.eval.metrics;

import java.util.Arrays;

/**
 * Area under the ROC curve from scores and binary labels, exactly: the Mann-Whitney statistic
 * P(score⁺ &gt; score⁻) + ½·P(score⁺ = score⁻), with tied scores sharing their average rank. Equal to the trapezoidal
 * area under the empirical ROC curve at every threshold (the authors integrate 5000 thresholds by Simpson's rule,
 * notes §7.1, an approximation of the same quantity).
 */
public final class RocAuc {

    private RocAuc() {
    }

    /** @return the AUC, or NaN when there are no positives or no negatives */
    public static double auc(double[] scores, boolean[] positive) {
        int n = scores.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(scores[a], scores[b]));
        double rankSumPos = 0;
        long pos = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) {
                j++;
            }
            double avgRank = (i + j) / 2.0 + 1;
            for (int t = i; t <= j; t++) {
                if (positive[order[t]]) {
                    rankSumPos += avgRank;
                    pos++;
                }
            }
            i = j + 1;
        }
        long neg = n - pos;
        if (pos == 0 || neg == 0) {
            return Double.NaN;
        }
        return (rankSumPos - pos * (pos + 1) / 2.0) / ((double) pos * neg);
    }
}
