package io.qdm.simulator.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The interleaved rounds: one peak per round, and each row's share is its GF/s over that round's peak. */
class KernelRoundsTest {

  @Test
  void eachShareIsTheRowsThroughputOverItsRoundsPeak() {
    // without a compiled probe every round's peak is the notes' figure, so the median share is 100 × median GF/s / it
    MeasuredPeak.Probe noProbe = MeasuredPeak.Probe.compile(null);
    KernelRounds.Result result = KernelRounds.measure(new int[] {3, 4}, n -> 8, 5, 0.002, noProbe, 1);
    assertEquals(5, result.peaks().length);
    for (double peak : result.peaks()) {
      assertEquals(MeasuredPeak.NOTES_GFLOPS, peak);
    }
    List<KernelRounds.Row> rows = result.rows();
    assertEquals(List.of(3, 4), rows.stream().map(KernelRounds.Row::n).toList());
    for (KernelRounds.Row row : rows) {
      assertEquals(8, row.lanes());
      assertTrue(row.gflopsMedian() > 0, "a workload that ran has a positive throughput: " + row);
      assertEquals(100 * row.gflopsMedian() / MeasuredPeak.NOTES_GFLOPS, row.pctMedian(), 1e-9);
      assertTrue(row.pctMin() <= row.pctMedian() && row.pctMedian() <= row.pctMax(), row.toString());
    }
  }

  @Test
  void theMedianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
    assertEquals(2.0, KernelRounds.median(new double[] {3, 1, 2}));
    assertEquals(2.5, KernelRounds.median(new double[] {4, 1, 3, 2}));
  }
}
