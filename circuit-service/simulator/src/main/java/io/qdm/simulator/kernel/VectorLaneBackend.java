package io.qdm.simulator.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Backend on the incubating Vector API ({@code jdk.incubator.vector}; needs {@code --add-modules
 * jdk.incubator.vector} at compile and run time). C2's auto-vectoriser does not vectorise the scalar pair loop
 * (two unknown offsets j and j + s·W into one array), so explicit vectors pay here: measured 3–4× over the scalar
 * kernel on this machine (AVX2, 4 doubles per vector). Runs of length s·W not divisible by the vector length fall
 * back to the scalar kernel.
 */
public final class VectorLaneBackend implements LaneKernelBackend {
  private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
  private static final int VLEN = SPECIES.length();
  private final ScalarLaneBackend scalar = new ScalarLaneBackend();
  private final ThreadLocal<double[]> accumulators = ThreadLocal.withInitial(() -> new double[16 * VLEN]);

  @Override
  public String name() {
    return "vector-" + SPECIES.vectorBitSize();
  }

  @Override
  public int vectorLength() {
    return VLEN;
  }

  /**
   * With 512-bit vectors (32 registers) two gates per pass in registers pay; with 256-bit vectors (16 registers)
   * the same kernel ran 25–35% slower than the L1-tiled pairs (interleaved JVMs, {@code -XX:UseAVX=2}, Appendix C
   * n = 6–14), so there it is not used.
   */
  @Override
  public boolean pairsInRegisters() {
    return VLEN >= 8;
  }

  @Override
  public void applySingleQubit(double[] re, double[] im, int offset, int numQubits, int lanes, int wire, double[] u,
      int from, int to) {
    final int sw = LaneKernels.wireStride(numQubits, wire) * lanes;
    if (sw % VLEN != 0) {
      LaneKernels.applySingleQubit(re, im, offset, numQubits, lanes, wire, u, from, to);
      return;
    }
    LaneKernels.checkBlock(from, to, sw, (1 << numQubits) * lanes);
    if (LaneKernels.isSpecialUnitaryForm(u)) {
      applySpecialUnitary(re, im, offset + from, offset + to, sw, u);
      return;
    }
    final DoubleVector u00r = DoubleVector.broadcast(SPECIES, u[0]);
    final DoubleVector u00i = DoubleVector.broadcast(SPECIES, u[1]);
    final DoubleVector n00i = DoubleVector.broadcast(SPECIES, -u[1]);
    final DoubleVector u01r = DoubleVector.broadcast(SPECIES, u[2]);
    final DoubleVector u01i = DoubleVector.broadcast(SPECIES, u[3]);
    final DoubleVector n01i = DoubleVector.broadcast(SPECIES, -u[3]);
    final DoubleVector u10r = DoubleVector.broadcast(SPECIES, u[4]);
    final DoubleVector u10i = DoubleVector.broadcast(SPECIES, u[5]);
    final DoubleVector n10i = DoubleVector.broadcast(SPECIES, -u[5]);
    final DoubleVector u11r = DoubleVector.broadcast(SPECIES, u[6]);
    final DoubleVector u11i = DoubleVector.broadcast(SPECIES, u[7]);
    final DoubleVector n11i = DoubleVector.broadcast(SPECIES, -u[7]);
    for (int base = offset + from; base < offset + to; base += 2 * sw) {
      final int end = base + sw;
      for (int j = base; j < end; j += VLEN) {
        final int k = j + sw;
        DoubleVector x0r = DoubleVector.fromArray(SPECIES, re, j);
        DoubleVector x0i = DoubleVector.fromArray(SPECIES, im, j);
        DoubleVector x1r = DoubleVector.fromArray(SPECIES, re, k);
        DoubleVector x1i = DoubleVector.fromArray(SPECIES, im, k);
        x0r.fma(u00r, x0i.fma(n00i, x1r.fma(u01r, x1i.mul(n01i)))).intoArray(re, j);
        x0i.fma(u00r, x0r.fma(u00i, x1i.fma(u01r, x1r.mul(u01i)))).intoArray(im, j);
        x0r.fma(u10r, x0i.fma(n10i, x1r.fma(u11r, x1i.mul(n11i)))).intoArray(re, k);
        x0i.fma(u10r, x0r.fma(u10i, x1i.fma(u11r, x1r.mul(u11i)))).intoArray(im, k);
      }
    }
  }

  /**
   * {@link #applySingleQubit} for U = [[a, b], [−b*, a*]] (every rotation and product of rotations): seven constants
   * (a, b and three negations) instead of twelve, and each output is a chain of three FMAs on a multiply, 16
   * operations per pair of vectors. The earlier form with the signs as subtractions took 19; in one JVM, alternating
   * the two on 2048-element blocks, this one ran 6–8 % faster on AVX-512. The expressions are those of
   * {@link LaneKernels#applySpecialUnitary}, so the backends agree bit for bit.
   */
  private static void applySpecialUnitary(double[] re, double[] im, int from, int to, int sw, double[] u) {
    final DoubleVector ar = DoubleVector.broadcast(SPECIES, u[0]);
    final DoubleVector ai = DoubleVector.broadcast(SPECIES, u[1]);
    final DoubleVector br = DoubleVector.broadcast(SPECIES, u[2]);
    final DoubleVector bi = DoubleVector.broadcast(SPECIES, u[3]);
    final DoubleVector nai = DoubleVector.broadcast(SPECIES, -u[1]);
    final DoubleVector nbr = DoubleVector.broadcast(SPECIES, -u[2]);
    final DoubleVector nbi = DoubleVector.broadcast(SPECIES, -u[3]);
    for (int base = from; base < to; base += 2 * sw) {
      final int end = base + sw;
      for (int j = base; j < end; j += VLEN) {
        final int k = j + sw;
        DoubleVector x0r = DoubleVector.fromArray(SPECIES, re, j);
        DoubleVector x0i = DoubleVector.fromArray(SPECIES, im, j);
        DoubleVector x1r = DoubleVector.fromArray(SPECIES, re, k);
        DoubleVector x1i = DoubleVector.fromArray(SPECIES, im, k);
        x0r.fma(ar, x0i.fma(nai, x1r.fma(br, x1i.mul(nbi)))).intoArray(re, j);
        x0i.fma(ar, x0r.fma(ai, x1i.fma(br, x1r.mul(bi)))).intoArray(im, j);
        x1r.fma(ar, x1i.fma(ai, x0r.fma(nbr, x0i.mul(nbi)))).intoArray(re, k);
        x1i.fma(ar, x1r.fma(nai, x0i.fma(nbr, x0r.mul(bi)))).intoArray(im, k);
      }
    }
  }

  @Override
  public void applySingleQubitPair(double[] re, double[] im, int offset, int numQubits, int lanes, int wireA,
      double[] u, int wireB, double[] v, int from, int to) {
    final int sa = LaneKernels.wireStride(numQubits, wireA) * lanes;
    final int sb = LaneKernels.wireStride(numQubits, wireB) * lanes;
    final int hi = Math.max(sa, sb);
    final int lo = Math.min(sa, sb);
    if (sa == sb || lo % VLEN != 0 || !LaneKernels.isSpecialUnitaryForm(u) || !LaneKernels.isSpecialUnitaryForm(v)) {
      LaneKernelBackend.super.applySingleQubitPair(re, im, offset, numQubits, lanes, wireA, u, wireB, v, from, to);
      return;
    }
    LaneKernels.checkBlock(from, to, hi, (1 << numQubits) * lanes);
    applySpecialUnitaryPair(re, im, offset + from, offset + to, sa, sb, u, v);
  }

  /**
   * {@link #applySpecialUnitary} for U on run length sa, then for V on run length sb, in one pass: the four elements
   * j, j + sa, j + sb, j + sa + sb are loaded, get U on their two sa-pairs and V on their two sb-pairs in registers,
   * and are stored once. The expressions are applySpecialUnitary's, in the same order per element, so the bits are
   * those of two passes, at half the loads and stores (measured in isolation on the training's 8-qubit, 32-lane
   * tiles: 26–35 GF/s against 15–25 for one gate per pass).
   */
  private static void applySpecialUnitaryPair(double[] re, double[] im, int from, int to, int sa, int sb, double[] u,
      double[] v) {
    final int hi = Math.max(sa, sb);
    final int lo = Math.min(sa, sb);
    if (lo <= 2 * VLEN) {
      applySpecialUnitaryPairShortRuns(re, im, from, to, sa, sb, u, v);
      return;
    }
    final DoubleVector ar = DoubleVector.broadcast(SPECIES, u[0]);
    final DoubleVector ai = DoubleVector.broadcast(SPECIES, u[1]);
    final DoubleVector br = DoubleVector.broadcast(SPECIES, u[2]);
    final DoubleVector bi = DoubleVector.broadcast(SPECIES, u[3]);
    final DoubleVector nai = DoubleVector.broadcast(SPECIES, -u[1]);
    final DoubleVector nbr = DoubleVector.broadcast(SPECIES, -u[2]);
    final DoubleVector nbi = DoubleVector.broadcast(SPECIES, -u[3]);
    final DoubleVector cr = DoubleVector.broadcast(SPECIES, v[0]);
    final DoubleVector ci = DoubleVector.broadcast(SPECIES, v[1]);
    final DoubleVector dr = DoubleVector.broadcast(SPECIES, v[2]);
    final DoubleVector di = DoubleVector.broadcast(SPECIES, v[3]);
    final DoubleVector nci = DoubleVector.broadcast(SPECIES, -v[1]);
    final DoubleVector ndr = DoubleVector.broadcast(SPECIES, -v[2]);
    final DoubleVector ndi = DoubleVector.broadcast(SPECIES, -v[3]);
    for (int outer = from; outer < to; outer += 2 * hi) {
      for (int inner = outer; inner < outer + hi; inner += 2 * lo) {
        for (int j = inner; j < inner + lo; j += VLEN) {
          final int ja = j + sa;
          final int jb = j + sb;
          final int jab = ja + sb;
          DoubleVector r0 = DoubleVector.fromArray(SPECIES, re, j);
          DoubleVector i0 = DoubleVector.fromArray(SPECIES, im, j);
          DoubleVector r1 = DoubleVector.fromArray(SPECIES, re, ja);
          DoubleVector i1 = DoubleVector.fromArray(SPECIES, im, ja);
          DoubleVector r2 = DoubleVector.fromArray(SPECIES, re, jb);
          DoubleVector i2 = DoubleVector.fromArray(SPECIES, im, jb);
          DoubleVector r3 = DoubleVector.fromArray(SPECIES, re, jab);
          DoubleVector i3 = DoubleVector.fromArray(SPECIES, im, jab);
          // U on the sa-pairs (0, 1) and (2, 3)
          DoubleVector y0r = r0.fma(ar, i0.fma(nai, r1.fma(br, i1.mul(nbi))));
          DoubleVector y0i = i0.fma(ar, r0.fma(ai, i1.fma(br, r1.mul(bi))));
          DoubleVector y1r = r1.fma(ar, i1.fma(ai, r0.fma(nbr, i0.mul(nbi))));
          DoubleVector y1i = i1.fma(ar, r1.fma(nai, i0.fma(nbr, r0.mul(bi))));
          DoubleVector y2r = r2.fma(ar, i2.fma(nai, r3.fma(br, i3.mul(nbi))));
          DoubleVector y2i = i2.fma(ar, r2.fma(ai, i3.fma(br, r3.mul(bi))));
          DoubleVector y3r = r3.fma(ar, i3.fma(ai, r2.fma(nbr, i2.mul(nbi))));
          DoubleVector y3i = i3.fma(ar, r3.fma(nai, i2.fma(nbr, r2.mul(bi))));
          // V on the sb-pairs (0, 2) and (1, 3)
          y0r.fma(cr, y0i.fma(nci, y2r.fma(dr, y2i.mul(ndi)))).intoArray(re, j);
          y0i.fma(cr, y0r.fma(ci, y2i.fma(dr, y2r.mul(di)))).intoArray(im, j);
          y2r.fma(cr, y2i.fma(ci, y0r.fma(ndr, y0i.mul(ndi)))).intoArray(re, jb);
          y2i.fma(cr, y2r.fma(nci, y0i.fma(ndr, y0r.mul(di)))).intoArray(im, jb);
          y1r.fma(cr, y1i.fma(nci, y3r.fma(dr, y3i.mul(ndi)))).intoArray(re, ja);
          y1i.fma(cr, y1r.fma(ci, y3i.fma(dr, y3r.mul(di)))).intoArray(im, ja);
          y3r.fma(cr, y3i.fma(ci, y1r.fma(ndr, y1i.mul(ndi)))).intoArray(re, jab);
          y3i.fma(cr, y3r.fma(nci, y1i.fma(ndr, y1r.mul(di)))).intoArray(im, jab);
        }
      }
    }
  }

  /**
   * {@link #applySpecialUnitaryPair} for runs of one or two vectors (the two lowest wires with 8 or 16 lanes): the
   * same groups and expressions, so the same bits, with the loop over groups innermost. In the usual order the
   * innermost loop has one or two iterations, so C2 runs it in its pre-loop, with a range check on every access and
   * no unrolling; here it is a long counted loop of stride 2·hi. Wires (11, 10) of n = 12, 2,048-element blocks:
   * 26–28 → 33–51 GF/s with 8 lanes, 19–26 → 37–39 with 16; from four vectors per run up the usual order was faster.
   * The loop body is a copy of applySpecialUnitaryPair's, not a shared method: it needs the 14 broadcast constants,
   * and wherever C2 does not inline such a call the vectors are boxed (about 10× slower, README). One loop nest with
   * the strides as parameters would give up the constant-stride inner loop of the usual order.
   */
  private static void applySpecialUnitaryPairShortRuns(double[] re, double[] im, int from, int to, int sa, int sb, double[] u,
      double[] v) {
    final int hi = Math.max(sa, sb);
    final int lo = Math.min(sa, sb);
    final DoubleVector ar = DoubleVector.broadcast(SPECIES, u[0]);
    final DoubleVector ai = DoubleVector.broadcast(SPECIES, u[1]);
    final DoubleVector br = DoubleVector.broadcast(SPECIES, u[2]);
    final DoubleVector bi = DoubleVector.broadcast(SPECIES, u[3]);
    final DoubleVector nai = DoubleVector.broadcast(SPECIES, -u[1]);
    final DoubleVector nbr = DoubleVector.broadcast(SPECIES, -u[2]);
    final DoubleVector nbi = DoubleVector.broadcast(SPECIES, -u[3]);
    final DoubleVector cr = DoubleVector.broadcast(SPECIES, v[0]);
    final DoubleVector ci = DoubleVector.broadcast(SPECIES, v[1]);
    final DoubleVector dr = DoubleVector.broadcast(SPECIES, v[2]);
    final DoubleVector di = DoubleVector.broadcast(SPECIES, v[3]);
    final DoubleVector nci = DoubleVector.broadcast(SPECIES, -v[1]);
    final DoubleVector ndr = DoubleVector.broadcast(SPECIES, -v[2]);
    final DoubleVector ndi = DoubleVector.broadcast(SPECIES, -v[3]);
    for (int first = 0; first < lo; first += VLEN) {
      for (int inner = 0; inner < hi; inner += 2 * lo) {
        for (int j = from + inner + first; j < to; j += 2 * hi) {
          final int ja = j + sa;
          final int jb = j + sb;
          final int jab = ja + sb;
          DoubleVector r0 = DoubleVector.fromArray(SPECIES, re, j);
          DoubleVector i0 = DoubleVector.fromArray(SPECIES, im, j);
          DoubleVector r1 = DoubleVector.fromArray(SPECIES, re, ja);
          DoubleVector i1 = DoubleVector.fromArray(SPECIES, im, ja);
          DoubleVector r2 = DoubleVector.fromArray(SPECIES, re, jb);
          DoubleVector i2 = DoubleVector.fromArray(SPECIES, im, jb);
          DoubleVector r3 = DoubleVector.fromArray(SPECIES, re, jab);
          DoubleVector i3 = DoubleVector.fromArray(SPECIES, im, jab);
          // U on the sa-pairs (0, 1) and (2, 3)
          DoubleVector y0r = r0.fma(ar, i0.fma(nai, r1.fma(br, i1.mul(nbi))));
          DoubleVector y0i = i0.fma(ar, r0.fma(ai, i1.fma(br, r1.mul(bi))));
          DoubleVector y1r = r1.fma(ar, i1.fma(ai, r0.fma(nbr, i0.mul(nbi))));
          DoubleVector y1i = i1.fma(ar, r1.fma(nai, i0.fma(nbr, r0.mul(bi))));
          DoubleVector y2r = r2.fma(ar, i2.fma(nai, r3.fma(br, i3.mul(nbi))));
          DoubleVector y2i = i2.fma(ar, r2.fma(ai, i3.fma(br, r3.mul(bi))));
          DoubleVector y3r = r3.fma(ar, i3.fma(ai, r2.fma(nbr, i2.mul(nbi))));
          DoubleVector y3i = i3.fma(ar, r3.fma(nai, i2.fma(nbr, r2.mul(bi))));
          // V on the sb-pairs (0, 2) and (1, 3)
          y0r.fma(cr, y0i.fma(nci, y2r.fma(dr, y2i.mul(ndi)))).intoArray(re, j);
          y0i.fma(cr, y0r.fma(ci, y2i.fma(dr, y2r.mul(di)))).intoArray(im, j);
          y2r.fma(cr, y2i.fma(ci, y0r.fma(ndr, y0i.mul(ndi)))).intoArray(re, jb);
          y2i.fma(cr, y2r.fma(nci, y0i.fma(ndr, y0r.mul(di)))).intoArray(im, jb);
          y1r.fma(cr, y1i.fma(nci, y3r.fma(dr, y3i.mul(ndi)))).intoArray(re, ja);
          y1i.fma(cr, y1r.fma(ci, y3i.fma(dr, y3r.mul(di)))).intoArray(im, ja);
          y3r.fma(cr, y3i.fma(ci, y1r.fma(ndr, y1i.mul(ndi)))).intoArray(re, jab);
          y3i.fma(cr, y3r.fma(nci, y1i.fma(ndr, y1r.mul(di)))).intoArray(im, jab);
        }
      }
    }
  }

  @Override
  public void applySingleQubitPairPermuted(double[] srcRe, double[] srcIm, double[] dstRe, double[] dstIm, int offset,
      int numQubits, int lanes, int wireA, double[] u, int wireB, double[] v, int[] dest) {
    final int sa = LaneKernels.wireStride(numQubits, wireA) * lanes;
    final int sb = LaneKernels.wireStride(numQubits, wireB) * lanes;
    if (sa == sb || Integer.bitCount(lanes) != 1 || lanes % VLEN != 0 || !LaneKernels.isSpecialUnitaryForm(u)
        || !LaneKernels.isSpecialUnitaryForm(v)) {
      LaneKernelBackend.super.applySingleQubitPairPermuted(srcRe, srcIm, dstRe, dstIm, offset, numQubits, lanes, wireA, u,
          wireB, v, dest);
      return;
    }
    applySpecialUnitaryPairPermuted(srcRe, srcIm, dstRe, dstIm, offset, (1 << numQubits) * lanes, lanes, sa, sb, u, v,
        dest);
  }

  /**
   * {@link #applySpecialUnitaryPair}'s loop and expressions, each of the four results stored to its destination row
   * ({@code dest}, found by shift and mask: lanes is a power of two). The two gates on the longest strides of a
   * layer then share the CNOT ring's out-of-place pass, which costs about the same with two gates as with one: it is
   * bound by its loads and stores. That saves a whole pass over the state per layer wherever the layer has two or four
   * wires beyond a cache block. A copy of the in-place kernel's body rather than one kernel with an optional
   * destination: that version ran 8–10 % slower in place (n = 10–12, ten interleaved JVM pairs).
   */
  private static void applySpecialUnitaryPairPermuted(double[] srcRe, double[] srcIm, double[] dstRe, double[] dstIm,
      int offset, int total, int lanes, int sa, int sb, double[] u, double[] v, int[] dest) {
    final int hi = Math.max(sa, sb);
    final int lo = Math.min(sa, sb);
    final int shift = Integer.numberOfTrailingZeros(lanes);
    final DoubleVector ar = DoubleVector.broadcast(SPECIES, u[0]);
    final DoubleVector ai = DoubleVector.broadcast(SPECIES, u[1]);
    final DoubleVector br = DoubleVector.broadcast(SPECIES, u[2]);
    final DoubleVector bi = DoubleVector.broadcast(SPECIES, u[3]);
    final DoubleVector nai = DoubleVector.broadcast(SPECIES, -u[1]);
    final DoubleVector nbr = DoubleVector.broadcast(SPECIES, -u[2]);
    final DoubleVector nbi = DoubleVector.broadcast(SPECIES, -u[3]);
    final DoubleVector cr = DoubleVector.broadcast(SPECIES, v[0]);
    final DoubleVector ci = DoubleVector.broadcast(SPECIES, v[1]);
    final DoubleVector dr = DoubleVector.broadcast(SPECIES, v[2]);
    final DoubleVector di = DoubleVector.broadcast(SPECIES, v[3]);
    final DoubleVector nci = DoubleVector.broadcast(SPECIES, -v[1]);
    final DoubleVector ndr = DoubleVector.broadcast(SPECIES, -v[2]);
    final DoubleVector ndi = DoubleVector.broadcast(SPECIES, -v[3]);
    // j runs over logical indices (rows by shift and mask); every array access adds the offset
    for (int outer = 0; outer < total; outer += 2 * hi) {
      for (int inner = outer; inner < outer + hi; inner += 2 * lo) {
        for (int j = inner; j < inner + lo; j += VLEN) {
          final int ja = j + sa;
          final int jb = j + sb;
          final int jab = ja + sb;
          final int lane = offset + (j & (lanes - 1));
          final int dj = (dest[j >>> shift] << shift) + lane;
          final int dja = (dest[ja >>> shift] << shift) + lane;
          final int djb = (dest[jb >>> shift] << shift) + lane;
          final int djab = (dest[jab >>> shift] << shift) + lane;
          DoubleVector r0 = DoubleVector.fromArray(SPECIES, srcRe, offset + j);
          DoubleVector i0 = DoubleVector.fromArray(SPECIES, srcIm, offset + j);
          DoubleVector r1 = DoubleVector.fromArray(SPECIES, srcRe, offset + ja);
          DoubleVector i1 = DoubleVector.fromArray(SPECIES, srcIm, offset + ja);
          DoubleVector r2 = DoubleVector.fromArray(SPECIES, srcRe, offset + jb);
          DoubleVector i2 = DoubleVector.fromArray(SPECIES, srcIm, offset + jb);
          DoubleVector r3 = DoubleVector.fromArray(SPECIES, srcRe, offset + jab);
          DoubleVector i3 = DoubleVector.fromArray(SPECIES, srcIm, offset + jab);
          // U on the sa-pairs (0, 1) and (2, 3)
          DoubleVector y0r = r0.fma(ar, i0.fma(nai, r1.fma(br, i1.mul(nbi))));
          DoubleVector y0i = i0.fma(ar, r0.fma(ai, i1.fma(br, r1.mul(bi))));
          DoubleVector y1r = r1.fma(ar, i1.fma(ai, r0.fma(nbr, i0.mul(nbi))));
          DoubleVector y1i = i1.fma(ar, r1.fma(nai, i0.fma(nbr, r0.mul(bi))));
          DoubleVector y2r = r2.fma(ar, i2.fma(nai, r3.fma(br, i3.mul(nbi))));
          DoubleVector y2i = i2.fma(ar, r2.fma(ai, i3.fma(br, r3.mul(bi))));
          DoubleVector y3r = r3.fma(ar, i3.fma(ai, r2.fma(nbr, i2.mul(nbi))));
          DoubleVector y3i = i3.fma(ar, r3.fma(nai, i2.fma(nbr, r2.mul(bi))));
          // V on the sb-pairs (0, 2) and (1, 3), each result to its destination row
          y0r.fma(cr, y0i.fma(nci, y2r.fma(dr, y2i.mul(ndi)))).intoArray(dstRe, dj);
          y0i.fma(cr, y0r.fma(ci, y2i.fma(dr, y2r.mul(di)))).intoArray(dstIm, dj);
          y2r.fma(cr, y2i.fma(ci, y0r.fma(ndr, y0i.mul(ndi)))).intoArray(dstRe, djb);
          y2i.fma(cr, y2r.fma(nci, y0i.fma(ndr, y0r.mul(di)))).intoArray(dstIm, djb);
          y1r.fma(cr, y1i.fma(nci, y3r.fma(dr, y3i.mul(ndi)))).intoArray(dstRe, dja);
          y1i.fma(cr, y1r.fma(ci, y3i.fma(dr, y3r.mul(di)))).intoArray(dstIm, dja);
          y3r.fma(cr, y3i.fma(ci, y1r.fma(ndr, y1i.mul(ndi)))).intoArray(dstRe, djab);
          y3i.fma(cr, y3r.fma(nci, y1i.fma(ndr, y1r.mul(di)))).intoArray(dstIm, djab);
        }
      }
    }
  }

  @Override
  public void applySingleQubitRuns(double[] re, double[] im, int offset, int sw, double[] u, int from, int length) {
    if (from % VLEN != 0 || length % VLEN != 0 || sw % VLEN != 0 || !LaneKernels.isSpecialUnitaryForm(u)) {
      LaneKernels.applySingleQubitRuns(re, im, offset, sw, u, from, length);
      return;
    }
    LaneKernels.checkRuns(re, offset, sw, from, length);
    applySpecialUnitaryRun(re, im, sw, u, offset + from, offset + from + length);
  }

  /** {@link #applySpecialUnitary}'s loop body over j in [from, end), pairs (j, j + sw). */
  private static void applySpecialUnitaryRun(double[] re, double[] im, int sw, double[] u, int from, int end) {
    final DoubleVector ar = DoubleVector.broadcast(SPECIES, u[0]);
    final DoubleVector ai = DoubleVector.broadcast(SPECIES, u[1]);
    final DoubleVector br = DoubleVector.broadcast(SPECIES, u[2]);
    final DoubleVector bi = DoubleVector.broadcast(SPECIES, u[3]);
    final DoubleVector nai = DoubleVector.broadcast(SPECIES, -u[1]);
    final DoubleVector nbr = DoubleVector.broadcast(SPECIES, -u[2]);
    final DoubleVector nbi = DoubleVector.broadcast(SPECIES, -u[3]);
    for (int j = from; j < end; j += VLEN) {
      final int k = j + sw;
      DoubleVector x0r = DoubleVector.fromArray(SPECIES, re, j);
      DoubleVector x0i = DoubleVector.fromArray(SPECIES, im, j);
      DoubleVector x1r = DoubleVector.fromArray(SPECIES, re, k);
      DoubleVector x1i = DoubleVector.fromArray(SPECIES, im, k);
      x0r.fma(ar, x0i.fma(nai, x1r.fma(br, x1i.mul(nbi)))).intoArray(re, j);
      x0i.fma(ar, x0r.fma(ai, x1i.fma(br, x1r.mul(bi)))).intoArray(im, j);
      x1r.fma(ar, x1i.fma(ai, x0r.fma(nbr, x0i.mul(nbi)))).intoArray(re, k);
      x1i.fma(ar, x1r.fma(nai, x0i.fma(nbr, x0r.mul(bi)))).intoArray(im, k);
    }
  }

  @Override
  public void applySingleQubitPermuted(double[] srcRe, double[] srcIm, double[] dstRe, double[] dstIm, int offset,
      int numQubits, int lanes, int wire, double[] u, int[] dest) {
    if (lanes % VLEN != 0) {
      LaneKernelBackend.super.applySingleQubitPermuted(srcRe, srcIm, dstRe, dstIm, offset, numQubits, lanes, wire, u,
          dest);
      return;
    }
    final int s = LaneKernels.wireStride(numQubits, wire);
    final int dim = 1 << numQubits;
    if (LaneKernels.isSpecialUnitaryForm(u)) {
      if (Integer.bitCount(lanes) != 1) {
        // the rotation kernel finds destination rows by shift and mask; other lane counts take the gate, then row copies
        LaneKernelBackend.super.applySingleQubitPermuted(srcRe, srcIm, dstRe, dstIm, offset, numQubits, lanes, wire, u,
            dest);
        return;
      }
      applySpecialUnitaryPermuted(srcRe, srcIm, dstRe, dstIm, offset, dim, lanes, s, u, dest);
      return;
    }
    final DoubleVector u00r = DoubleVector.broadcast(SPECIES, u[0]);
    final DoubleVector u00i = DoubleVector.broadcast(SPECIES, u[1]);
    final DoubleVector n00i = DoubleVector.broadcast(SPECIES, -u[1]);
    final DoubleVector u01r = DoubleVector.broadcast(SPECIES, u[2]);
    final DoubleVector u01i = DoubleVector.broadcast(SPECIES, u[3]);
    final DoubleVector n01i = DoubleVector.broadcast(SPECIES, -u[3]);
    final DoubleVector u10r = DoubleVector.broadcast(SPECIES, u[4]);
    final DoubleVector u10i = DoubleVector.broadcast(SPECIES, u[5]);
    final DoubleVector n10i = DoubleVector.broadcast(SPECIES, -u[5]);
    final DoubleVector u11r = DoubleVector.broadcast(SPECIES, u[6]);
    final DoubleVector u11i = DoubleVector.broadcast(SPECIES, u[7]);
    final DoubleVector n11i = DoubleVector.broadcast(SPECIES, -u[7]);
    for (int base = 0; base < dim; base += 2 * s) {
      for (int row = base; row < base + s; row++) {
        final int j0 = offset + row * lanes;
        final int k0 = offset + (row + s) * lanes;
        final int dj0 = offset + dest[row] * lanes;
        final int dk0 = offset + dest[row + s] * lanes;
        for (int l = 0; l < lanes; l += VLEN) {
          DoubleVector x0r = DoubleVector.fromArray(SPECIES, srcRe, j0 + l);
          DoubleVector x0i = DoubleVector.fromArray(SPECIES, srcIm, j0 + l);
          DoubleVector x1r = DoubleVector.fromArray(SPECIES, srcRe, k0 + l);
          DoubleVector x1i = DoubleVector.fromArray(SPECIES, srcIm, k0 + l);
          x0r.fma(u00r, x0i.fma(n00i, x1r.fma(u01r, x1i.mul(n01i)))).intoArray(dstRe, dj0 + l);
          x0i.fma(u00r, x0r.fma(u00i, x1i.fma(u01r, x1r.mul(u01i)))).intoArray(dstIm, dj0 + l);
          x0r.fma(u10r, x0i.fma(n10i, x1r.fma(u11r, x1i.mul(n11i)))).intoArray(dstRe, dk0 + l);
          x0i.fma(u10r, x0r.fma(u10i, x1i.fma(u11r, x1r.mul(u11i)))).intoArray(dstIm, dk0 + l);
        }
      }
    }
  }

  /**
   * {@link #applySingleQubitPermuted} for the [[a, b], [−b*, a*]] form, with {@link #applySpecialUnitary}'s
   * expressions; lanes is a power of two.
   */
  private static void applySpecialUnitaryPermuted(double[] srcRe, double[] srcIm, double[] dstRe, double[] dstIm,
      int offset, int dim, int lanes, int s, double[] u, int[] dest) {
    final DoubleVector ar = DoubleVector.broadcast(SPECIES, u[0]);
    final DoubleVector ai = DoubleVector.broadcast(SPECIES, u[1]);
    final DoubleVector br = DoubleVector.broadcast(SPECIES, u[2]);
    final DoubleVector bi = DoubleVector.broadcast(SPECIES, u[3]);
    final DoubleVector nai = DoubleVector.broadcast(SPECIES, -u[1]);
    final DoubleVector nbr = DoubleVector.broadcast(SPECIES, -u[2]);
    final DoubleVector nbi = DoubleVector.broadcast(SPECIES, -u[3]);
    // One flat loop over each pair block's vectors, the destination row found by shift and mask: with 16 lanes a
    // row is only two vectors, and a per-row loop nest cost 4–17 % more (interleaved in one JVM, n = 8–12).
    final int shift = Integer.numberOfTrailingZeros(lanes);
    final int sw = s * lanes;
    final int total = dim * lanes;
    for (int base = 0; base < total; base += 2 * sw) {
      for (int j = base; j < base + sw; j += VLEN) {
        // j is logical (rows by shift and mask); array accesses add the offset
        final int k = j + sw;
        final int lane = offset + (j & (lanes - 1));
        final int dj = (dest[j >>> shift] << shift) + lane;
        final int dk = (dest[k >>> shift] << shift) + lane;
        DoubleVector x0r = DoubleVector.fromArray(SPECIES, srcRe, offset + j);
        DoubleVector x0i = DoubleVector.fromArray(SPECIES, srcIm, offset + j);
        DoubleVector x1r = DoubleVector.fromArray(SPECIES, srcRe, offset + k);
        DoubleVector x1i = DoubleVector.fromArray(SPECIES, srcIm, offset + k);
        x0r.fma(ar, x0i.fma(nai, x1r.fma(br, x1i.mul(nbi)))).intoArray(dstRe, dj);
        x0i.fma(ar, x0r.fma(ai, x1i.fma(br, x1r.mul(bi)))).intoArray(dstIm, dj);
        x1r.fma(ar, x1i.fma(ai, x0r.fma(nbr, x0i.mul(nbi)))).intoArray(dstRe, dk);
        x1i.fma(ar, x1r.fma(nai, x0i.fma(nbr, x0r.mul(bi)))).intoArray(dstIm, dk);
      }
    }
  }

  @Override
  public void backwardSingleQubit(double[] psiRe, double[] psiIm, double[] lamRe, double[] lamIm, int offset,
      int numQubits, int lanes, int wire, double[] u, double[] m) {
    final int sw = LaneKernels.wireStride(numQubits, wire) * lanes;
    if (sw % VLEN != 0) {
      scalar.backwardSingleQubit(psiRe, psiIm, lamRe, lamIm, offset, numQubits, lanes, wire, u, m);
      return;
    }
    // Three simple passes instead of one fused loop: C2 keeps the fused loop's eight loop-carried vector
    // accumulators plus twelve matrix broadcasts poorly (measured ~10× slower than the passes below).
    double[] ud = LaneKernels.adjoint2x2(u);
    applySingleQubit(psiRe, psiIm, offset, numQubits, lanes, wire, ud);
    overlaps(psiRe, psiIm, lamRe, lamIm, offset, numQubits, lanes, sw, m);
    applySingleQubit(lamRe, lamIm, offset, numQubits, lanes, wire, ud);
  }

  @Override
  public void backwardSingleQubitCompact(double[] psiRe, double[] psiIm, double[] lamRe, double[] lamIm, int offset,
      int numQubits, int lanes, int wire, double[] u, double[] s) {
    final int sw = LaneKernels.wireStride(numQubits, wire) * lanes;
    if (sw % VLEN != 0) {
      LaneKernels.backwardSingleQubitCompact(psiRe, psiIm, lamRe, lamIm, offset, numQubits, lanes, wire, u, s);
      return;
    }
    double[] ud = LaneKernels.adjoint2x2(u);
    if (LaneKernels.isSpecialUnitaryForm(ud)) {
      fusedCompact(psiRe, psiIm, lamRe, lamIm, offset, (1 << numQubits) * lanes, sw, ud, s);
      return;
    }
    compactOverlaps(psiRe, psiIm, lamRe, lamIm, offset, numQubits, lanes, sw, s);
    applySingleQubit(psiRe, psiIm, offset, numQubits, lanes, wire, ud);
    applySingleQubit(lamRe, lamIm, offset, numQubits, lanes, wire, ud);
  }

  /**
   * {@link #compactOverlaps}, then U† on ψ and on λ, in one in-place pass for the rotation form: each element of ψ and
   * λ is loaded once instead of twice. Expressions and summation order are those of the three passes, so the bits
   * are theirs. Before the states were 64-byte aligned this measured 0.96–1.08× per gate and no epoch gain; with
   * aligned states, training epochs took 0.905× (median of nine interleaved JVM pairs, seven of them faster).
   * The loop body is {@link #permuteThenBackwardCompact}'s without the row gather, kept as a copy on purpose: a shared
   * kernel with an optional gather costs the in-place case a table load per vector, and the in-place copy of the
   * gate+ring kernel measured 8–10 % slower when the two were merged. Both are checked against the reference loops.
   */
  private void fusedCompact(double[] psiRe, double[] psiIm, double[] lamRe, double[] lamIm, int offset, int total,
      int sw, double[] ud, double[] s) {
    final double[] acc = accumulators.get();
    java.util.Arrays.fill(acc, 0, 16 * VLEN, 0.0);
    final DoubleVector ar = DoubleVector.broadcast(SPECIES, ud[0]);
    final DoubleVector ai = DoubleVector.broadcast(SPECIES, ud[1]);
    final DoubleVector br = DoubleVector.broadcast(SPECIES, ud[2]);
    final DoubleVector bi = DoubleVector.broadcast(SPECIES, ud[3]);
    final DoubleVector nai = DoubleVector.broadcast(SPECIES, -ud[1]);
    final DoubleVector nbr = DoubleVector.broadcast(SPECIES, -ud[2]);
    final DoubleVector nbi = DoubleVector.broadcast(SPECIES, -ud[3]);
    final int mask = 16 * VLEN - 1;
    int a = 0;
    for (int base = offset; base < offset + total; base += 2 * sw) {
      final int end = base + sw;
      for (int j = base; j < end; j += VLEN) {
        final int k = j + sw;
        DoubleVector p0r = DoubleVector.fromArray(SPECIES, psiRe, j);
        DoubleVector p0i = DoubleVector.fromArray(SPECIES, psiIm, j);
        DoubleVector p1r = DoubleVector.fromArray(SPECIES, psiRe, k);
        DoubleVector p1i = DoubleVector.fromArray(SPECIES, psiIm, k);
        DoubleVector l0r = DoubleVector.fromArray(SPECIES, lamRe, j);
        DoubleVector l0i = DoubleVector.fromArray(SPECIES, lamIm, j);
        DoubleVector l1r = DoubleVector.fromArray(SPECIES, lamRe, k);
        DoubleVector l1i = DoubleVector.fromArray(SPECIES, lamIm, k);
        l0r.fma(p0i, DoubleVector.fromArray(SPECIES, acc, a)).sub(l0i.mul(p0r)).intoArray(acc, a);
        l1r.fma(p1i, DoubleVector.fromArray(SPECIES, acc, a + VLEN)).sub(l1i.mul(p1r)).intoArray(acc, a + VLEN);
        l0r.fma(p1r, l0i.fma(p1i, DoubleVector.fromArray(SPECIES, acc, a + 2 * VLEN))).sub(l1r.fma(p0r, l1i.mul(p0i)))
            .intoArray(acc, a + 2 * VLEN);
        l0r.fma(p1i, l1r.fma(p0i, DoubleVector.fromArray(SPECIES, acc, a + 3 * VLEN))).sub(l0i.fma(p1r, l1i.mul(p0r)))
            .intoArray(acc, a + 3 * VLEN);
        a = (a + 4 * VLEN) & mask;
        p0r.fma(ar, p0i.fma(nai, p1r.fma(br, p1i.mul(nbi)))).intoArray(psiRe, j);
        p0i.fma(ar, p0r.fma(ai, p1i.fma(br, p1r.mul(bi)))).intoArray(psiIm, j);
        p1r.fma(ar, p1i.fma(ai, p0r.fma(nbr, p0i.mul(nbi)))).intoArray(psiRe, k);
        p1i.fma(ar, p1r.fma(nai, p0i.fma(nbr, p0r.mul(bi)))).intoArray(psiIm, k);
        l0r.fma(ar, l0i.fma(nai, l1r.fma(br, l1i.mul(nbi)))).intoArray(lamRe, j);
        l0i.fma(ar, l0r.fma(ai, l1i.fma(br, l1r.mul(bi)))).intoArray(lamIm, j);
        l1r.fma(ar, l1i.fma(ai, l0r.fma(nbr, l0i.mul(nbi)))).intoArray(lamRe, k);
        l1i.fma(ar, l1r.fma(nai, l0i.fma(nbr, l0r.mul(bi)))).intoArray(lamIm, k);
      }
    }
    reduceCompactSums(acc, s);
  }

  /**
   * {@link #compactOverlaps} and the two U† passes of {@link #backwardSingleQubitCompact} in one loop over the
   * destination, each vector loaded from its source row ({@code source}, shift and mask: lanes is a power of two) and
   * stored in order. Summation order and expressions are those of the separate passes. Against the two row-copy
   * permutations and the three passes: training epochs of the conditioned latent model (2 threads, 32 lanes) took
   * 1.95 s against 2.16 s, median of six interleaved JVM pairs (best 1.56 against 1.77).
   */
  @Override
  public void permuteThenBackwardCompact(double[] psiRe, double[] psiIm, double[] lamRe, double[] lamIm,
      double[] psiDstRe, double[] psiDstIm, double[] lamDstRe, double[] lamDstIm, int offset, int numQubits, int lanes,
      int wire, double[] u, int[] source, double[] s) {
    final int sw = LaneKernels.wireStride(numQubits, wire) * lanes;
    final double[] ud = LaneKernels.adjoint2x2(u);
    if (Integer.bitCount(lanes) != 1 || lanes % VLEN != 0 || !LaneKernels.isSpecialUnitaryForm(ud)) {
      LaneKernelBackend.super.permuteThenBackwardCompact(psiRe, psiIm, lamRe, lamIm, psiDstRe, psiDstIm, lamDstRe,
          lamDstIm, offset, numQubits, lanes, wire, u, source, s);
      return;
    }
    final double[] acc = accumulators.get();
    java.util.Arrays.fill(acc, 0, 16 * VLEN, 0.0);
    final DoubleVector ar = DoubleVector.broadcast(SPECIES, ud[0]);
    final DoubleVector ai = DoubleVector.broadcast(SPECIES, ud[1]);
    final DoubleVector br = DoubleVector.broadcast(SPECIES, ud[2]);
    final DoubleVector bi = DoubleVector.broadcast(SPECIES, ud[3]);
    final DoubleVector nai = DoubleVector.broadcast(SPECIES, -ud[1]);
    final DoubleVector nbr = DoubleVector.broadcast(SPECIES, -ud[2]);
    final DoubleVector nbi = DoubleVector.broadcast(SPECIES, -ud[3]);
    final int shift = Integer.numberOfTrailingZeros(lanes);
    final int total = (1 << numQubits) * lanes;
    final int mask = 16 * VLEN - 1;
    int a = 0;
    for (int base = 0; base < total; base += 2 * sw) {
      final int end = base + sw;
      for (int j = base; j < end; j += VLEN) {
        // j is logical (rows by shift and mask); the offset is added to every array index
        final int k = j + sw;
        final int lane = offset + (j & (lanes - 1));
        final int sj = (source[j >>> shift] << shift) + lane;
        final int sk = (source[k >>> shift] << shift) + lane;
        DoubleVector p0r = DoubleVector.fromArray(SPECIES, psiRe, sj);
        DoubleVector p0i = DoubleVector.fromArray(SPECIES, psiIm, sj);
        DoubleVector p1r = DoubleVector.fromArray(SPECIES, psiRe, sk);
        DoubleVector p1i = DoubleVector.fromArray(SPECIES, psiIm, sk);
        DoubleVector l0r = DoubleVector.fromArray(SPECIES, lamRe, sj);
        DoubleVector l0i = DoubleVector.fromArray(SPECIES, lamIm, sj);
        DoubleVector l1r = DoubleVector.fromArray(SPECIES, lamRe, sk);
        DoubleVector l1i = DoubleVector.fromArray(SPECIES, lamIm, sk);
        // compactOverlaps' sums, same expressions and rotation of partial-sum sets
        l0r.fma(p0i, DoubleVector.fromArray(SPECIES, acc, a)).sub(l0i.mul(p0r)).intoArray(acc, a);
        l1r.fma(p1i, DoubleVector.fromArray(SPECIES, acc, a + VLEN)).sub(l1i.mul(p1r)).intoArray(acc, a + VLEN);
        l0r.fma(p1r, l0i.fma(p1i, DoubleVector.fromArray(SPECIES, acc, a + 2 * VLEN))).sub(l1r.fma(p0r, l1i.mul(p0i)))
            .intoArray(acc, a + 2 * VLEN);
        l0r.fma(p1i, l1r.fma(p0i, DoubleVector.fromArray(SPECIES, acc, a + 3 * VLEN))).sub(l0i.fma(p1r, l1i.mul(p0r)))
            .intoArray(acc, a + 3 * VLEN);
        a = (a + 4 * VLEN) & mask;
        // ψ ← U†ψ', λ ← U†λ' (applySpecialUnitary's expressions)
        p0r.fma(ar, p0i.fma(nai, p1r.fma(br, p1i.mul(nbi)))).intoArray(psiDstRe, offset + j);
        p0i.fma(ar, p0r.fma(ai, p1i.fma(br, p1r.mul(bi)))).intoArray(psiDstIm, offset + j);
        p1r.fma(ar, p1i.fma(ai, p0r.fma(nbr, p0i.mul(nbi)))).intoArray(psiDstRe, offset + k);
        p1i.fma(ar, p1r.fma(nai, p0i.fma(nbr, p0r.mul(bi)))).intoArray(psiDstIm, offset + k);
        l0r.fma(ar, l0i.fma(nai, l1r.fma(br, l1i.mul(nbi)))).intoArray(lamDstRe, offset + j);
        l0i.fma(ar, l0r.fma(ai, l1i.fma(br, l1r.mul(bi)))).intoArray(lamDstIm, offset + j);
        l1r.fma(ar, l1i.fma(ai, l0r.fma(nbr, l0i.mul(nbi)))).intoArray(lamDstRe, offset + k);
        l1i.fma(ar, l1r.fma(nai, l0i.fma(nbr, l0r.mul(bi)))).intoArray(lamDstIm, offset + k);
      }
    }
    reduceCompactSums(acc, s);
  }

  /**
   * The four post-gate sums of {@link #backwardSingleQubitCompact} (12 multiply-adds per vector pair against 16
   * for the full 2×2 overlap). Partial sums live in a small array for the reason given at {@link #overlaps}; the
   * summation order is fixed by the arguments.
   */
  private void compactOverlaps(double[] psiRe, double[] psiIm, double[] lamRe, double[] lamIm, int offset,
      int numQubits, int lanes, int sw, double[] s) {
    final double[] acc = accumulators.get();
    java.util.Arrays.fill(acc, 0, 16 * VLEN, 0.0);
    final int total = (1 << numQubits) * lanes;
    // Four rotating sets of partial sums: consecutive iterations update different array slots, so the
    // store → load → fma chain of one slot is spread over four iterations instead of stalling each one
    // (measured: the single-set loop ran ~3× slower than its arithmetic allows).
    final int mask = 16 * VLEN - 1;
    int a = 0;
    for (int base = offset; base < offset + total; base += 2 * sw) {
      final int end = base + sw;
      for (int j = base; j < end; j += VLEN) {
        final int k = j + sw;
        DoubleVector p0r = DoubleVector.fromArray(SPECIES, psiRe, j);
        DoubleVector p0i = DoubleVector.fromArray(SPECIES, psiIm, j);
        DoubleVector p1r = DoubleVector.fromArray(SPECIES, psiRe, k);
        DoubleVector p1i = DoubleVector.fromArray(SPECIES, psiIm, k);
        DoubleVector l0r = DoubleVector.fromArray(SPECIES, lamRe, j);
        DoubleVector l0i = DoubleVector.fromArray(SPECIES, lamIm, j);
        DoubleVector l1r = DoubleVector.fromArray(SPECIES, lamRe, k);
        DoubleVector l1i = DoubleVector.fromArray(SPECIES, lamIm, k);
        // Im(conj λ0 ψ0) = λ0r ψ0i − λ0i ψ0r ; Im(conj λ1 ψ1) likewise
        l0r.fma(p0i, DoubleVector.fromArray(SPECIES, acc, a)).sub(l0i.mul(p0r)).intoArray(acc, a);
        l1r.fma(p1i, DoubleVector.fromArray(SPECIES, acc, a + VLEN)).sub(l1i.mul(p1r)).intoArray(acc, a + VLEN);
        // Re P = λ0r ψ1r + λ0i ψ1i − (λ1r ψ0r + λ1i ψ0i) ; Im P = λ0r ψ1i − λ0i ψ1r + λ1r ψ0i − λ1i ψ0r
        l0r.fma(p1r, l0i.fma(p1i, DoubleVector.fromArray(SPECIES, acc, a + 2 * VLEN))).sub(l1r.fma(p0r, l1i.mul(p0i)))
            .intoArray(acc, a + 2 * VLEN);
        l0r.fma(p1i, l1r.fma(p0i, DoubleVector.fromArray(SPECIES, acc, a + 3 * VLEN))).sub(l0i.fma(p1r, l1i.mul(p0r)))
            .intoArray(acc, a + 3 * VLEN);
        a = (a + 4 * VLEN) & mask;
      }
    }
    reduceCompactSums(acc, s);
  }

  /** The four sums from {@link #compactOverlaps}' partial-sum sets, in a fixed order. */
  private static void reduceCompactSums(double[] acc, double[] s) {
    for (int e = 0; e < 4; e++) {
      double sum = 0;
      for (int set = 0; set < 4; set++) {
        for (int v = 0; v < VLEN; v++) {
          sum += acc[set * 4 * VLEN + e * VLEN + v];
        }
      }
      s[e] = sum;
    }
  }

  /**
   * m_ab = Σ conj(λ_a)·ψ_b over the pairs of a wire with run length sw. The partial sums live in a small array
   * (one vector per entry) rather than in loop-carried vector variables, which the JDK 17 incubator API boxes
   * (measured 5× slower). Summation order is fixed by the arguments.
   */
  private void overlaps(double[] psiRe, double[] psiIm, double[] lamRe, double[] lamIm, int offset,
      int numQubits, int lanes, int sw, double[] m) {
    final double[] acc = accumulators.get();
    java.util.Arrays.fill(acc, 0.0);
    final int total = (1 << numQubits) * lanes;
    for (int base = offset; base < offset + total; base += 2 * sw) {
      final int end = base + sw;
      for (int j = base; j < end; j += VLEN) {
        final int k = j + sw;
        DoubleVector q0r = DoubleVector.fromArray(SPECIES, psiRe, j);
        DoubleVector q0i = DoubleVector.fromArray(SPECIES, psiIm, j);
        DoubleVector q1r = DoubleVector.fromArray(SPECIES, psiRe, k);
        DoubleVector q1i = DoubleVector.fromArray(SPECIES, psiIm, k);
        DoubleVector l0r = DoubleVector.fromArray(SPECIES, lamRe, j);
        DoubleVector l0i = DoubleVector.fromArray(SPECIES, lamIm, j);
        DoubleVector l1r = DoubleVector.fromArray(SPECIES, lamRe, k);
        DoubleVector l1i = DoubleVector.fromArray(SPECIES, lamIm, k);
        // conj(λ_a)·ψ_b: re = λr ψr + λi ψi, im = λr ψi − λi ψr
        l0r.fma(q0r, l0i.fma(q0i, DoubleVector.fromArray(SPECIES, acc, 0))).intoArray(acc, 0);
        l0r.fma(q0i, DoubleVector.fromArray(SPECIES, acc, VLEN)).sub(l0i.mul(q0r)).intoArray(acc, VLEN);
        l0r.fma(q1r, l0i.fma(q1i, DoubleVector.fromArray(SPECIES, acc, 2 * VLEN))).intoArray(acc, 2 * VLEN);
        l0r.fma(q1i, DoubleVector.fromArray(SPECIES, acc, 3 * VLEN)).sub(l0i.mul(q1r)).intoArray(acc, 3 * VLEN);
        l1r.fma(q0r, l1i.fma(q0i, DoubleVector.fromArray(SPECIES, acc, 4 * VLEN))).intoArray(acc, 4 * VLEN);
        l1r.fma(q0i, DoubleVector.fromArray(SPECIES, acc, 5 * VLEN)).sub(l1i.mul(q0r)).intoArray(acc, 5 * VLEN);
        l1r.fma(q1r, l1i.fma(q1i, DoubleVector.fromArray(SPECIES, acc, 6 * VLEN))).intoArray(acc, 6 * VLEN);
        l1r.fma(q1i, DoubleVector.fromArray(SPECIES, acc, 7 * VLEN)).sub(l1i.mul(q1r)).intoArray(acc, 7 * VLEN);
      }
    }
    for (int e = 0; e < 8; e++) {
      double sum = 0;
      for (int v = 0; v < VLEN; v++) {
        sum += acc[e * VLEN + v];
      }
      m[e] = sum;
    }
  }
}
