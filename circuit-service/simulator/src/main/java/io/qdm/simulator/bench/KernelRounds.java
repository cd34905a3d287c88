package io.qdm.simulator.bench;

import io.qdm.simulator.circuit.AppendixCWorkload;
import io.qdm.simulator.fusion.BoundCircuit;
import io.qdm.simulator.fusion.GateFusion;
import io.qdm.simulator.state.StateBatch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntUnaryOperator;

/**
 * Kernel throughput as a share of the FMA peak measured in the same round. On the shared 2-vCPU hosts the core's speed
 * switches between ~40 and ~75 GF/s from one second to the next, so a kernel row timed in one window and the peak in
 * another can differ by the host's phase, not by the code. Here every round times each workload for a short window
 * and runs the peak probe once, all within a fraction of a second; each row's share is the median over rounds of
 * (its GF/s in the round) / (the round's peak). A slow phase then moves both sides of most ratios.
 */
final class KernelRounds {

  /** One workload's rounds: median GF/s, and the median, lowest and highest share of its round's peak, in %. */
  record Row(int n, int lanes, double gflopsMedian, double pctMedian, double pctMin, double pctMax) {}

  /** The rounds' peaks and one row per workload. */
  record Result(double[] peaks, List<Row> rows) {}

  private KernelRounds() {}

  /**
   * {@code rounds} rounds over the Appendix C workload at each of {@code qubits}, {@code lanesFor.applyAsInt(n)} lanes
   * each, timed for {@code secondsPerRow} per round; the probe runs {@code peakIterations} FMA iterations per round.
   */
  static Result measure(int[] qubits, IntUnaryOperator lanesFor, int rounds, double secondsPerRow,
      MeasuredPeak.Probe probe, long peakIterations) {
    int rows = qubits.length;
    Runnable[] workloads = new Runnable[rows];
    double[] flops = new double[rows];
    for (int r = 0; r < rows; r++) {
      int n = qubits[r];
      int lanes = lanesFor.applyAsInt(n);
      BoundCircuit circuit = GateFusion.compile(AppendixCWorkload.circuit(n, AppendixCWorkload.LAYERS))
          .bind(new double[0], 0);
      StateBatch state = new StateBatch(n, lanes, n);
      for (int b = 0; b < lanes; b++) {
        state.setLane(b, AppendixCWorkload.batchState(n, b));
      }
      workloads[r] = () -> circuit.apply(state);
      flops[r] = AppendixCWorkload.flopsPerState(n, AppendixCWorkload.LAYERS) * lanes;
      timeWindow(workloads[r], flops[r], secondsPerRow); // warm-up
    }
    double[] peaks = new double[rounds];
    double[][] gflops = new double[rows][rounds];
    double[][] share = new double[rows][rounds];
    for (int k = 0; k < rounds; k++) {
      peaks[k] = probe.measure(peakIterations).gflops();
      for (int r = 0; r < rows; r++) {
        gflops[r][k] = timeWindow(workloads[r], flops[r], secondsPerRow);
        share[r][k] = 100 * gflops[r][k] / peaks[k];
      }
    }
    List<Row> out = new ArrayList<>();
    for (int r = 0; r < rows; r++) {
      double[] s = share[r].clone();
      Arrays.sort(s);
      out.add(new Row(qubits[r], lanesFor.applyAsInt(qubits[r]), median(gflops[r]), median(share[r]), s[0],
          s[rounds - 1]));
    }
    return new Result(peaks, out);
  }

  /** GF/s of {@code workload} over a window of about {@code seconds} (at least three runs). */
  private static double timeWindow(Runnable workload, double flopsPerRun, double seconds) {
    long start = System.nanoTime();
    long end = start + (long) (seconds * 1e9);
    int runs = 0;
    long now;
    do {
      workload.run();
      runs++;
      now = System.nanoTime();
    } while (now < end || runs < 3);
    return flopsPerRun * runs / (now - start);
  }

  static double median(double[] values) {
    double[] s = values.clone();
    Arrays.sort(s);
    int m = s.length / 2;
    return s.length % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2;
  }
}
