package io.qdm.simulator.kernel;

import static io.qdm.simulator.kernel.LaneKernelBackendsTest.random;
import static io.qdm.simulator.kernel.LaneKernelBackendsTest.shuffledRows;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.qdm.simulator.gate.GateKind;
import io.qdm.simulator.state.StateBatch;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Every kernel on a state stored from array index {@code offset} gives, bit for bit, what it gives on the same state
 * stored from index 0, and writes nothing outside [offset, offset + 2^n·W). This is what lets {@link StateBatch} start
 * its states on a 64-byte boundary ({@link AlignedArrays}) without changing a single result.
 */
class KernelOffsetTest {
  private static final int[] OFFSETS = {1, 6, 13};
  /** Padding value: any write outside the state would overwrite it. */
  private static final double GUARD = -12345.678;

  @Test
  void everyKernelGivesTheSameBitsAtAnyOffset() {
    Random rng = new Random(2026);
    int variants = 0;
    for (LaneKernelBackend backend : new LaneKernelBackend[] {LaneKernelBackends.scalar(), LaneKernelBackends.vector()}) {
      for (int n : new int[] {2, 4, 7}) {
        for (int lanes : new int[] {1, 8, 32}) {
          for (int offset : OFFSETS) {
            int wireA = rng.nextInt(n);
            int wireB = (wireA + 1 + rng.nextInt(n - 1)) % n;
            double[] rot = GateKind.ROT.matrix(rng.nextDouble() * 6, rng.nextDouble() * 6, rng.nextDouble() * 6);
            double[] rot2 = GateKind.ROT.matrix(rng.nextDouble() * 6, rng.nextDouble() * 6, rng.nextDouble() * 6);
            double[] general = GateKind.U3.matrix(rng.nextDouble() * 6, rng.nextDouble() * 6, rng.nextDouble() * 6);
            double[] twoQubit = GateKind.ECR.matrix();
            int dim = 1 << n;
            int len = dim * lanes;
            int[] rows = shuffledRows(dim, rng);
            double[][] x = {random(len, rng), random(len, rng), random(len, rng), random(len, rng)};
            for (double[] u : new double[][] {rot, general}) {
              variants += compareVoid("single " + backend.name(), x, offset, len, (a, o) ->
                  backend.applySingleQubit(a[0], a[1], o, n, lanes, wireA, u));
              variants += compareVoid("pair", x, offset, len, (a, o) ->
                  backend.applySingleQubitPair(a[0], a[1], o, n, lanes, wireA, u, wireB, rot2, 0, len));
              variants += compareVoid("permuted", x, offset, len, (a, o) ->
                  backend.applySingleQubitPermuted(a[0], a[1], a[2], a[3], o, n, lanes, wireA, u, rows));
              variants += compareVoid("pair permuted", x, offset, len, (a, o) ->
                  backend.applySingleQubitPairPermuted(a[0], a[1], a[2], a[3], o, n, lanes, wireA, u, wireB, rot2, rows));
              variants += compare("backward", x, offset, len, (a, o) -> {
                double[] m = new double[8];
                backend.backwardSingleQubit(a[0], a[1], a[2], a[3], o, n, lanes, wireA, u, m);
                return m;
              });
              variants += compare("backward compact", x, offset, len, (a, o) -> {
                double[] s = new double[4];
                backend.backwardSingleQubitCompact(a[0], a[1], a[2], a[3], o, n, lanes, wireA, u, s);
                return s;
              });
            }
            double[][] spare = {new double[len], new double[len], new double[len], new double[len]};
            variants += compare8("permute then backward " + backend.name(), x, spare, offset, len, (a, o) -> {
              double[] s = new double[4];
              backend.permuteThenBackwardCompact(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], o, n, lanes, wireA, rot,
                  rows, s);
              return s;
            });
            if (n >= 2) {
              variants += compareVoid("two-qubit", x, offset, len, (a, o) ->
                  LaneKernels.applyTwoQubit(a[0], a[1], o, n, lanes, wireA, wireB, twoQubit));
            }
            variants += compareVoid("permute", x, offset, len, (a, o) -> LaneKernels.permute(a[0], a[1], a[2], a[3], o, lanes, rows));
            int sw = LaneKernels.wireStride(n, 0) * lanes;
            variants += compareVoid("runs", x, offset, len, (a, o) ->
                backend.applySingleQubitRuns(a[0], a[1], o, sw, rot, 0, sw));
          }
        }
      }
    }
    assertEquals(2 * 3 * 3 * 3 * (2 * 6 + 4), variants);
  }

  @FunctionalInterface
  private interface Kernel {
    Object run(double[][] arrays, int offset);
  }

  @FunctionalInterface
  private interface VoidKernel {
    void run(double[][] arrays, int offset);
  }

  private static int compareVoid(String what, double[][] x, int offset, int len, VoidKernel k) {
    return compare(what, x, offset, len, (a, o) -> {
      k.run(a, o);
      return null;
    });
  }

  /** Runs k on copies of x at offset 0 and at {@code offset}; asserts equal bits inside and the guard outside. */
  private static int compare(String what, double[][] x, int offset, int len, Kernel k) {
    double[][] plain = new double[x.length][];
    double[][] shifted = new double[x.length][];
    for (int i = 0; i < x.length; i++) {
      plain[i] = x[i].clone();
      shifted[i] = new double[offset + len + 9];
      Arrays.fill(shifted[i], GUARD);
      System.arraycopy(x[i], 0, shifted[i], offset, len);
    }
    Object r0 = k.run(plain, 0);
    Object r1 = k.run(shifted, offset);
    if (r0 instanceof double[] s0) {
      assertBits(what + " sums", s0, (double[]) r1);
    }
    for (int i = 0; i < x.length; i++) {
      assertBits(what + " array " + i, plain[i], Arrays.copyOfRange(shifted[i], offset, offset + len));
      for (int j = 0; j < shifted[i].length; j++) {
        if (j < offset || j >= offset + len) {
          assertEquals(GUARD, shifted[i][j], 0.0, what + " wrote outside the state at " + j);
        }
      }
    }
    return 1;
  }

  /** {@link #compare} for the permute-then-backward kernel: four source arrays and four destination arrays. */
  private static int compare8(String what, double[][] x, double[][] spare, int offset, int len, Kernel k) {
    double[][] eight = new double[8][];
    for (int i = 0; i < 4; i++) {
      eight[i] = x[i];
      eight[4 + i] = spare[i];
    }
    return compare(what, eight, offset, len, k);
  }

  private static void assertBits(String what, double[] expected, double[] actual) {
    assertEquals(expected.length, actual.length, what);
    for (int i = 0; i < expected.length; i++) {
      assertEquals(Double.doubleToRawLongBits(expected[i]), Double.doubleToRawLongBits(actual[i]), what + " at " + i);
    }
  }
}
