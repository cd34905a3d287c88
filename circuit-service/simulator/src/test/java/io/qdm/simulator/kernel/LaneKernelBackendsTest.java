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
            LaneKernels.applySingleQubit(re, im, 0, n, lanes, wire, u);
            backend.applySingleQubit(re1, im1, 0, n, lanes, wire, u);
            assertClose(re, re1);
            assertClose(im, im1);
            double[] pr = re.clone(), pi = im.clone(), lr = lre.clone(), li = lim.clone();
            double[] perLane = new double[8 * lanes];
            LaneKernels.backwardSingleQubit(re, im, lre, lim, 0, n, lanes, wire, u, perLane);
            double[] m = new double[8];
            backend.backwardSingleQubit(pr, pi, lr, li, 0, n, lanes, wire, u, m);
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
            // compact post-gate sums: against the plain reference loop, and the gradient they give for an
            // anti-Hermitian generator equals the one from the full pre-gate overlaps m
            double[] cr = pr.clone(), ci = pi.clone(), clr = lr.clone(), cli = li.clone();
            LaneKernels.applySingleQubit(cr, ci, 0, n, lanes, wire, u);
            LaneKernels.applySingleQubit(clr, cli, 0, n, lanes, wire, u);
            double[] dr = cr.clone(), di = ci.clone(), dlr = clr.clone(), dli = cli.clone();
            double[] sRef = new double[4];
            double[] sFast = new double[4];
            LaneKernels.backwardSingleQubitCompact(cr, ci, clr, cli, 0, n, lanes, wire, u, sRef);
            backend.backwardSingleQubitCompact(dr, di, dlr, dli, 0, n, lanes, wire, u, sFast);
            assertClose(cr, dr);
            assertClose(ci, di);
            assertClose(clr, dlr);
            assertClose(cli, dli);
            assertClose(pr, dr);
            assertClose(lr, dlr);
            for (int e = 0; e < 4; e++) {
              assertEquals(sRef[e], sFast[e], Tolerance.AMPLITUDE * 10);
            }
            // G = (∂U/∂θ)·U† for U3's θ is anti-Hermitian: 2 Re Σ G_ab N_ab from s equals 2 Re Σ D_ab M_ab from m
            double[] d = GateKind.U3.derivative(0, 0.3, 0.5, 0.7);
            double[] ud = GateKind.U3.matrix(0.3, 0.5, 0.7);
            double[] full = LaneKernels.backwardSingleQubitCompactWeights(d, ud);
            double viaM = 0;
            double[] mm = new double[8];
            double[] qr = cr.clone(), qi = ci.clone(), ql = clr.clone(), qli = cli.clone();
            LaneKernels.applySingleQubit(qr, qi, 0, n, lanes, wire, ud);
            LaneKernels.applySingleQubit(ql, qli, 0, n, lanes, wire, ud);
            double[] sU = new double[4];
            double[] perLaneM = new double[8 * lanes];
            LaneKernels.backwardSingleQubit(qr.clone(), qi.clone(), ql.clone(), qli.clone(), 0, n, lanes, wire, ud, perLaneM);
            for (int e = 0; e < 8; e++) {
              for (int l = 0; l < lanes; l++) {
                mm[e] += perLaneM[e * lanes + l];
              }
            }
            for (int e = 0; e < 8; e += 2) {
              viaM += d[e] * mm[e] - d[e + 1] * mm[e + 1];
            }
            LaneKernels.backwardSingleQubitCompact(qr, qi, ql, qli, 0, n, lanes, wire, ud, sU);
            double viaS = full[0] * sU[0] + full[1] * sU[1] + full[2] * sU[2] + full[3] * sU[3];
            assertEquals(viaM, viaS, 1e-10 * Math.max(1, Math.abs(viaM)));
            variants++;
          }
        }
      }
    }
    assertEquals(2 * 5 * 28, variants);
  }

  /**
   * Two gates in one pass: bit for bit the reference loops' two passes, for every pair of distinct wires in both
   * orders (the first gate on the higher or the lower stride), rotation-form and general matrices, on the whole state
   * and on a sub-range of whole pair blocks. With 2 lanes the runs of the lowest wires are shorter than a vector and
   * the vector backend takes its two-pass fallback; from 8 lanes every pair is one pass. With 8 and 16 lanes the runs
   * of the lowest wires are one or two vectors long, which the vector backend loops over in its short-run order.
   */
  @Test
  void gatePairInOnePassIsBitIdenticalToTwoReferencePasses() {
    Random rng = new Random(17);
    int variants = 0;
    for (LaneKernelBackend backend : new LaneKernelBackend[] {LaneKernelBackends.scalar(), LaneKernelBackends.vector()}) {
      for (int n = 2; n <= 6; n++) {
        for (int lanes : new int[] {2, 8, 16, 32}) {
          for (int a = 0; a < n; a++) {
            for (int b = 0; b < n; b++) {
              if (a == b) {
                continue;
              }
              boolean rotations = rng.nextBoolean();
              double[] u = rotations ? GateKind.ROT.matrix(rng.nextDouble() * 6, rng.nextDouble() * 6, rng.nextDouble() * 6)
                  : GateKind.U3.matrix(rng.nextDouble() * 6, rng.nextDouble() * 6, rng.nextDouble() * 6);
              double[] v = GateKind.ROT.matrix(rng.nextDouble() * 6, rng.nextDouble() * 6, rng.nextDouble() * 6);
              int len = (1 << n) * lanes;
              // the whole state, or its upper half when both wires pair within a half (neither is wire 0)
              int from = a > 0 && b > 0 ? len / 2 : 0;
              double[] re = random(len, rng), im = random(len, rng);
              double[] re1 = re.clone(), im1 = im.clone();
              LaneKernels.applySingleQubit(re, im, 0, n, lanes, a, u, from, len);
              LaneKernels.applySingleQubit(re, im, 0, n, lanes, b, v, from, len);
              backend.applySingleQubitPair(re1, im1, 0, n, lanes, a, u, b, v, from, len);
              for (int i = 0; i < len; i++) {
                assertEquals(Double.doubleToLongBits(re[i]), Double.doubleToLongBits(re1[i]), "re " + i);
                assertEquals(Double.doubleToLongBits(im[i]), Double.doubleToLongBits(im1[i]), "im " + i);
              }
              variants++;
            }
          }
        }
      }
    }
    assertEquals(2 * 4 * (2 + 6 + 12 + 20 + 30), variants);
  }

  /** Gate-then-permutation in one pass: bit-identical to the reference gate followed by the scatter, every backend. */
  @Test
  void gateThenPermutationIsBitIdenticalToGateAndScatter() {
    Random rng = new Random(5);
    int variants = 0;
    for (LaneKernelBackend backend : new LaneKernelBackend[] {LaneKernelBackends.scalar(), LaneKernelBackends.vector()}) {
      for (int n = 1; n <= 6; n++) {
        for (int lanes : new int[] {1, 3, 4, 8, 16}) {
          for (int wire = 0; wire < n; wire++) {
            double[] u = GateKind.U3.matrix(rng.nextDouble() * 6, rng.nextDouble() * 6, rng.nextDouble() * 6);
            int dim = 1 << n;
            int[] dest = shuffledRows(dim, rng);
            int len = dim * lanes;
            double[] re = random(len, rng), im = random(len, rng);
            double[] re1 = re.clone(), im1 = im.clone();
            LaneKernels.applySingleQubit(re, im, 0, n, lanes, wire, u);
            double[] expRe = new double[len], expIm = new double[len];
            for (int a = 0; a < dim; a++) {
              for (int l = 0; l < lanes; l++) {
                expRe[dest[a] * lanes + l] = re[a * lanes + l];
                expIm[dest[a] * lanes + l] = im[a * lanes + l];
              }
            }
            double[] outRe = new double[len], outIm = new double[len];
            backend.applySingleQubitPermuted(re1, im1, outRe, outIm, 0, n, lanes, wire, u, dest);
            org.junit.jupiter.api.Assertions.assertArrayEquals(expRe, outRe);
            org.junit.jupiter.api.Assertions.assertArrayEquals(expIm, outIm);
            variants++;
          }
        }
      }
    }
    assertEquals(2 * 5 * 21, variants);
  }

  /**
   * Two gates then a permutation in one pass: bit for bit the reference loops' two gate passes followed by moving row a
   * to row dest[a], for every ordered pair of distinct wires, rotation-form (the vector backend's one-pass kernel from
   * 8 lanes) and general matrices (its fallback), with lane counts that are and are not powers of two.
   */
  @Test
  void gatePairThenPermutationIsBitIdenticalToTwoGatesAndScatter() {
    Random rng = new Random(41);
    int variants = 0;
    for (LaneKernelBackend backend : new LaneKernelBackend[] {LaneKernelBackends.scalar(), LaneKernelBackends.vector()}) {
      for (int n = 2; n <= 6; n++) {
        for (int lanes : new int[] {1, 3, 8, 16}) {
          for (int wireA = 0; wireA < n; wireA++) {
            for (int wireB = 0; wireB < n; wireB++) {
              if (wireA == wireB) {
                continue;
              }
              boolean rotations = rng.nextBoolean();
              double[] u = rotations ? GateKind.ROT.matrix(rng.nextDouble() * 6, rng.nextDouble() * 6, rng.nextDouble() * 6)
                  : GateKind.U3.matrix(rng.nextDouble() * 6, rng.nextDouble() * 6, rng.nextDouble() * 6);
              double[] v = GateKind.ROT.matrix(rng.nextDouble() * 6, rng.nextDouble() * 6, rng.nextDouble() * 6);
              int dim = 1 << n;
              int[] dest = shuffledRows(dim, rng);
              int len = dim * lanes;
              double[] re = random(len, rng), im = random(len, rng);
              double[] srcRe = re.clone(), srcIm = im.clone();
              LaneKernels.applySingleQubit(re, im, 0, n, lanes, wireA, u);
              LaneKernels.applySingleQubit(re, im, 0, n, lanes, wireB, v);
              double[] outRe = new double[len], outIm = new double[len];
              backend.applySingleQubitPairPermuted(srcRe, srcIm, outRe, outIm, 0, n, lanes, wireA, u, wireB, v, dest);
              for (int a = 0; a < dim; a++) {
                for (int l = 0; l < lanes; l++) {
                  assertEquals(Double.doubleToRawLongBits(re[a * lanes + l]),
                      Double.doubleToRawLongBits(outRe[dest[a] * lanes + l]), "re row " + a + " lane " + l);
                  assertEquals(Double.doubleToRawLongBits(im[a * lanes + l]),
                      Double.doubleToRawLongBits(outIm[dest[a] * lanes + l]), "im row " + a + " lane " + l);
                }
              }
              variants++;
            }
          }
        }
      }
    }
    // ordered wire pairs for n = 2..6: 2 + 6 + 12 + 20 + 30 = 70, times 4 lane counts and 2 backends
    assertEquals(2 * 4 * 70, variants);
  }

  /**
   * The adjoint of a permutation and the compact adjoint step of the gate before it in one pass: ψ, λ and the four
   * sums are bit for bit those of the same backend's two steps (permute, then {@code backwardSingleQubitCompact}),
   * and ψ, λ equal the reference loops' bits; rotations (the vector backend's one-pass kernel from 8 lanes) and general
   * matrices (its fallback).
   */
  @Test
  void permutationThenCompactStepIsBitIdenticalToTheTwoSteps() {
    Random rng = new Random(43);
    int variants = 0;
    for (LaneKernelBackend backend : new LaneKernelBackend[] {LaneKernelBackends.scalar(), LaneKernelBackends.vector()}) {
      for (int n = 1; n <= 6; n++) {
        for (int lanes : new int[] {1, 3, 8, 16, 32}) {
          for (int wire = 0; wire < n; wire++) {
            double[] u = rng.nextBoolean()
                ? GateKind.ROT.matrix(rng.nextDouble() * 6, rng.nextDouble() * 6, rng.nextDouble() * 6)
                : GateKind.U3.matrix(rng.nextDouble() * 6, rng.nextDouble() * 6, rng.nextDouble() * 6);
            int dim = 1 << n;
            int[] source = shuffledRows(dim, rng);
            int len = dim * lanes;
            double[] pr = random(len, rng), pi = random(len, rng), lr = random(len, rng), li = random(len, rng);
            // two steps on this backend
            double[] tr = new double[len], ti = new double[len], tlr = new double[len], tli = new double[len];
            LaneKernels.permute(pr, pi, tr, ti, 0, lanes, source);
            LaneKernels.permute(lr, li, tlr, tli, 0, lanes, source);
            double[] refR = tr.clone(), refI = ti.clone(), refLr = tlr.clone(), refLi = tli.clone();
            double[] twoSteps = new double[4];
            backend.backwardSingleQubitCompact(tr, ti, tlr, tli, 0, n, lanes, wire, u, twoSteps);
            double[] reference = new double[4];
            LaneKernels.backwardSingleQubitCompact(refR, refI, refLr, refLi, 0, n, lanes, wire, u, reference);
            // one pass
            double[] or = new double[len], oi = new double[len], olr = new double[len], oli = new double[len];
            double[] onePass = new double[4];
            backend.permuteThenBackwardCompact(pr, pi, lr, li, or, oi, olr, oli, 0, n, lanes, wire, u, source, onePass);
            org.junit.jupiter.api.Assertions.assertArrayEquals(tr, or);
            org.junit.jupiter.api.Assertions.assertArrayEquals(ti, oi);
            org.junit.jupiter.api.Assertions.assertArrayEquals(tlr, olr);
            org.junit.jupiter.api.Assertions.assertArrayEquals(tli, oli);
            org.junit.jupiter.api.Assertions.assertArrayEquals(refR, or);
            org.junit.jupiter.api.Assertions.assertArrayEquals(refLi, oli);
            for (int e = 0; e < 4; e++) {
              assertEquals(Double.doubleToRawLongBits(twoSteps[e]), Double.doubleToRawLongBits(onePass[e]), "sum " + e);
              assertEquals(reference[e], onePass[e], Tolerance.AMPLITUDE * 10);
            }
            variants++;
          }
        }
      }
    }
    assertEquals(2 * 5 * 21, variants);
    // through StateBatch: ψ and λ must have one shape, and the permutation the state's dimension
    io.qdm.simulator.state.StateBatch psi = new io.qdm.simulator.state.StateBatch(3, 8, 3);
    io.qdm.simulator.state.StateBatch wider = new io.qdm.simulator.state.StateBatch(3, 16, 3);
    double[] u = GateKind.ROT.matrix(0.1, 0.2, 0.3);
    IllegalArgumentException shape = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> io.qdm.simulator.state.StateBatch.permuteThenBackwardCompact(LaneKernelBackends.vector(), psi, wider, 0, u,
            shuffledRows(8, rng), new double[4]));
    assertTrue(shape.getMessage().contains("differ in shape"), shape.getMessage());
    IllegalArgumentException length = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> io.qdm.simulator.state.StateBatch.permuteThenBackwardCompact(LaneKernelBackends.vector(), psi,
            new io.qdm.simulator.state.StateBatch(3, 8, 3), 0, u, shuffledRows(4, rng), new double[4]));
    assertTrue(length.getMessage().contains("permutation of 4 for dimension 8"), length.getMessage());
  }

  /**
   * Rotations and their products have the form [[a, b], [−b*, a*]] bit for bit and take the four-constant path;
   * other gates do not. On that path every backend agrees bit for bit with the reference loop (plain, permuted to
   * the identity and to a shuffled order, and in the adjoint step), and the result equals U·ψ computed entry by entry
   * to rounding.
   */
  @Test
  void rotationsTakeTheSpecialUnitaryPathAndAgreeEverywhere() {
    Random rng = new Random(23);
    assertTrue(LaneKernels.isSpecialUnitaryForm(GateKind.RX.matrix(0.7)));
    assertTrue(LaneKernels.isSpecialUnitaryForm(GateKind.RY.matrix(-2.1)));
    assertTrue(LaneKernels.isSpecialUnitaryForm(GateKind.RZ.matrix(4.0)));
    assertTrue(LaneKernels.isSpecialUnitaryForm(GateKind.ROT.matrix(0.3, 1.9, -0.8)));
    assertTrue(LaneKernels.isSpecialUnitaryForm(GateKind.R3.matrix(0.3, 1.9, -0.8)));
    assertTrue(LaneKernels.isSpecialUnitaryForm(LaneKernels.adjoint2x2(GateKind.ROT.matrix(0.3, 1.9, -0.8))));
    assertTrue(LaneKernels.isSpecialUnitaryForm(
        io.qdm.simulator.gate.ComplexMatrices.multiply(GateKind.RZ.matrix(1.1), GateKind.RY.matrix(0.4))));
    for (GateKind k : new GateKind[] {GateKind.H, GateKind.S, GateKind.T, GateKind.SX, GateKind.X}) {
      assertTrue(!LaneKernels.isSpecialUnitaryForm(k.matrix()), k + " is not of the form [[a, b], [-b*, a*]]");
    }
    assertTrue(!LaneKernels.isSpecialUnitaryForm(GateKind.U3.matrix(0.3, 1.9, -0.8)));
    int variants = 0;
    for (LaneKernelBackend backend : new LaneKernelBackend[] {LaneKernelBackends.scalar(), LaneKernelBackends.vector()}) {
      for (int n = 1; n <= 6; n++) {
        for (int lanes : new int[] {1, 3, 4, 8, 16, 24}) {
          for (int wire = 0; wire < n; wire++) {
            double[] u = GateKind.ROT.matrix(rng.nextDouble() * 6, rng.nextDouble() * 6, rng.nextDouble() * 6);
            int dim = 1 << n;
            int len = dim * lanes;
            double[] re = random(len, rng), im = random(len, rng);
            double[] re1 = re.clone(), im1 = im.clone();
            double[] expRe = new double[len], expIm = new double[len];
            int s = LaneKernels.wireStride(n, wire);
            for (int a = 0; a < dim; a++) {
              int bit = (a & s) != 0 ? 1 : 0;
              int a0 = a & ~s;
              for (int l = 0; l < lanes; l++) {
                double yr = 0, yi = 0;
                for (int c = 0; c < 2; c++) {
                  double ur = u[2 * (2 * bit + c)], ui = u[2 * (2 * bit + c) + 1];
                  int src = ((a0 | (c == 1 ? s : 0)) * lanes) + l;
                  yr += ur * re[src] - ui * im[src];
                  yi += ur * im[src] + ui * re[src];
                }
                expRe[a * lanes + l] = yr;
                expIm[a * lanes + l] = yi;
              }
            }
            LaneKernels.applySingleQubit(re, im, 0, n, lanes, wire, u);
            assertClose(expRe, re);
            assertClose(expIm, im);
            double[] permRe = re1.clone(), permIm = im1.clone();
            backend.applySingleQubit(re1, im1, 0, n, lanes, wire, u);
            org.junit.jupiter.api.Assertions.assertArrayEquals(re, re1);
            org.junit.jupiter.api.Assertions.assertArrayEquals(im, im1);
            int[] identity = java.util.stream.IntStream.range(0, dim).toArray();
            double[] outRe = new double[len], outIm = new double[len];
            backend.applySingleQubitPermuted(permRe.clone(), permIm.clone(), outRe, outIm, 0, n, lanes, wire, u, identity);
            org.junit.jupiter.api.Assertions.assertArrayEquals(re, outRe);
            org.junit.jupiter.api.Assertions.assertArrayEquals(im, outIm);
            // a shuffled destination (the vector backend's flat loop for power-of-two lanes): row a lands on dest[a]
            int[] dest = shuffledRows(dim, rng);
            backend.applySingleQubitPermuted(permRe, permIm, outRe, outIm, 0, n, lanes, wire, u, dest);
            for (int a = 0; a < dim; a++) {
              for (int l = 0; l < lanes; l++) {
                assertEquals(Double.doubleToRawLongBits(re[a * lanes + l]), Double.doubleToRawLongBits(outRe[dest[a] * lanes + l]));
                assertEquals(Double.doubleToRawLongBits(im[a * lanes + l]), Double.doubleToRawLongBits(outIm[dest[a] * lanes + l]));
              }
            }
            // the adjoint step (U† of a rotation has the same form): ψ and λ bit for bit the reference loop's gate
            // passes, the four sums to rounding
            double[] lr = random(len, rng), li = random(len, rng);
            double[] rRe = re.clone(), rIm = im.clone(), rLr = lr.clone(), rLi = li.clone();
            double[] fRe = re.clone(), fIm = im.clone(), fLr = lr.clone(), fLi = li.clone();
            double[] sRef = new double[4];
            double[] sFast = new double[4];
            LaneKernels.backwardSingleQubitCompact(rRe, rIm, rLr, rLi, 0, n, lanes, wire, u, sRef);
            backend.backwardSingleQubitCompact(fRe, fIm, fLr, fLi, 0, n, lanes, wire, u, sFast);
            org.junit.jupiter.api.Assertions.assertArrayEquals(rRe, fRe);
            org.junit.jupiter.api.Assertions.assertArrayEquals(rIm, fIm);
            org.junit.jupiter.api.Assertions.assertArrayEquals(rLr, fLr);
            org.junit.jupiter.api.Assertions.assertArrayEquals(rLi, fLi);
            for (int e = 0; e < 4; e++) {
              assertEquals(sRef[e], sFast[e], Tolerance.AMPLITUDE * 10);
            }
            variants++;
          }
        }
      }
    }
    assertEquals(2 * 6 * 21, variants);
  }

  /** A uniformly shuffled destination row for each of {@code dim} rows (Fisher–Yates). */
  /**
   * The compact adjoint step of a rotation-form gate (the vector backend's one-pass kernel, sums and both U† in one
   * loop): states bit for bit those of the reference loops, sums equal to rounding, for every wire and lane width.
   */
  @Test
  void rotationCompactStepMatchesTheReferenceLoops() {
    Random rng = new Random(77);
    int variants = 0;
    for (LaneKernelBackend backend : new LaneKernelBackend[] {LaneKernelBackends.scalar(), LaneKernelBackends.vector()}) {
      for (int n = 1; n <= 7; n++) {
        for (int lanes : new int[] {1, 8, 16, 32}) {
          for (int wire = 0; wire < n; wire++) {
            double[] u = GateKind.ROT.matrix(rng.nextDouble() * 6, rng.nextDouble() * 6, rng.nextDouble() * 6);
            int len = (1 << n) * lanes;
            double[] pr = random(len, rng), pi = random(len, rng), lr = random(len, rng), li = random(len, rng);
            double[] rr = pr.clone(), ri = pi.clone(), rlr = lr.clone(), rli = li.clone();
            double[] sRef = new double[4];
            double[] sFast = new double[4];
            LaneKernels.backwardSingleQubitCompact(rr, ri, rlr, rli, 0, n, lanes, wire, u, sRef);
            backend.backwardSingleQubitCompact(pr, pi, lr, li, 0, n, lanes, wire, u, sFast);
            for (double[][] pair : new double[][][] {{rr, pr}, {ri, pi}, {rlr, lr}, {rli, li}}) {
              for (int j = 0; j < len; j++) {
                assertEquals(Double.doubleToRawLongBits(pair[0][j]), Double.doubleToRawLongBits(pair[1][j]),
                    backend.name() + " n " + n + " lanes " + lanes + " wire " + wire + " element " + j);
              }
            }
            for (int e = 0; e < 4; e++) {
              assertEquals(sRef[e], sFast[e], Tolerance.AMPLITUDE * 10);
            }
            variants++;
          }
        }
      }
    }
    assertEquals(2 * 4 * 28, variants);
  }

  static int[] shuffledRows(int dim, Random rng) {
    int[] dest = java.util.stream.IntStream.range(0, dim).toArray();
    for (int a = dim - 1; a > 0; a--) {
      int b = rng.nextInt(a + 1);
      int t = dest[a];
      dest[a] = dest[b];
      dest[b] = t;
    }
    return dest;
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
