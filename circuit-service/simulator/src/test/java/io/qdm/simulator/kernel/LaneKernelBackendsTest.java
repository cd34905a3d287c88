package io.qdm.simulator.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qdm.simulator.Tolerance;
import io.qdm.simulator.gate.GateKind;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Both backends against the plain reference loops in {@link LaneKernels}, for every size, wire and lane width. */
class LaneKernelBackendsTest {

  @Test
  void vectorApiIsLoadedInTests() {
    assertTrue(LaneKernelBackends.vectorApiAvailable(), "surefire must run with --add-modules jdk.incubator.vector");
    assertTrue(LaneKernelBackends.selected().name().startsWith("vector"));
  }

  @Test
  void everyBackendMatchesTheReferenceLoops() {
    Random rng = new Random(99);
    int variants = 0;
    for (LaneKernelBackend backend : new LaneKernelBackend[] {LaneKernelBackends.scalar(), LaneKernelBackends.vector()}) {
      for (int n = 1; n <= 7; n++) {
        for (int lanes : new int[] {1, 2, 4, 8, 16}) {
          for (int wire = 0; wire < n; wire++) {
            double[] u = GateKind.U3.matrix(rng.nextDouble() * 6, rng.nextDouble() * 6, rng.nextDouble() * 6);
            int len = (1 << n) * lanes;
            double[] re = random(len, rng), im = random(len, rng), lre = random(len, rng), lim = random(len, rng);
            double[] re1 = re.clone(), im1 = im.clone();
            LaneKernels.applySingleQubit(re, im, n, lanes, wire, u);
            backend.applySingleQubit(re1, im1, n, lanes, wire, u);
            assertClose(re, re1);
            assertClose(im, im1);
            double[] pr = re.clone(), pi = im.clone(), lr = lre.clone(), li = lim.clone();
            double[] perLane = new double[8 * lanes];
            LaneKernels.backwardSingleQubit(re, im, lre, lim, n, lanes, wire, u, perLane);
            double[] m = new double[8];
            backend.backwardSingleQubit(pr, pi, lr, li, n, lanes, wire, u, m);
            assertClose(re, pr);
            assertClose(im, pi);
            assertClose(lre, lr);
            assertClose(lim, li);
            for (int e = 0; e < 8; e++) {
              double s = 0;
              for (int l = 0; l < lanes; l++) {
                s += perLane[e * lanes + l];
              }
              assertEquals(s, m[e], Tolerance.AMPLITUDE * 10);
            }
            variants++;
          }
        }
      }
    }
    assertEquals(2 * 5 * 28, variants);
  }

  static double[] random(int n, Random rng) {
    double[] a = new double[n];
    for (int i = 0; i < n; i++) {
      a[i] = rng.nextGaussian();
    }
    return a;
  }

  static void assertClose(double[] a, double[] b) {
    for (int i = 0; i < a.length; i++) {
      assertEquals(a[i], b[i], Tolerance.AMPLITUDE * 10, "entry " + i);
    }
  }
}
