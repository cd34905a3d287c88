package io.qdm.simulator.state;

import io.qdm.simulator.kernel.LaneKernelBackend;
import io.qdm.simulator.kernel.LaneKernels;
import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * A batch of W state vectors ("lanes") on n qubits, the working storage of the simulator.
 *
 * <p><b>Layout:</b> split real/imaginary {@code double[]} arrays, batch innermost: amplitude a of lane b lives at
 * index {@code offset + a·W + b} of {@link #re()} and {@link #im()}, with {@link #offset()} =
 * {@link AlignedArrays#OFFSET} so that the state starts on a 64-byte boundary where the heap allows it. See
 * {@link LaneKernels} for why this vectorises.
 * W = 1 is the ordinary single-state layout. Wire 0 is the most significant bit of a (PennyLane convention).
 *
 * <p>The arrays are sized once for a maximum qubit count; {@link #appendAncillaZero()} and the projections change
 * n in place without allocating, and a spare pair of arrays receives permutations. Not thread-safe: one batch per
 * worker thread.
 */
public final class StateBatch {
  private final int lanes;
  private final int maxQubits;
  /** Array index of element 0, the same for every batch (so ψ, λ and their copies always agree). */
  private static final int OFFSET = AlignedArrays.OFFSET;
  private int numQubits;
  private double[] re;
  private double[] im;
  private double[] spareRe;
  private double[] spareIm;

  /** A batch of {@code lanes} zero vectors on {@code numQubits} qubits with room for up to {@code maxQubits}. */
  public StateBatch(int numQubits, int lanes, int maxQubits) {
    if (numQubits < 0 || numQubits > maxQubits || maxQubits > 26) {
      throw new IllegalArgumentException("qubits " + numQubits + " / max " + maxQubits + " out of range (max 26)");
    }
    if (lanes < 1) {
      throw new IllegalArgumentException("lanes must be ≥ 1, got " + lanes);
    }
    this.lanes = lanes;
    this.maxQubits = maxQubits;
    this.numQubits = numQubits;
    int capacity = (1 << maxQubits) * lanes;
    re = AlignedArrays.allocate(capacity);
    im = AlignedArrays.allocate(capacity);
    spareRe = AlignedArrays.allocate(capacity);
    spareIm = AlignedArrays.allocate(capacity);
  }

  /** A single state (W = 1) holding a copy of {@code v}. */
  public static StateBatch of(ComplexVector v) {
    StateBatch s = new StateBatch(v.numQubits(), 1, v.numQubits());
    s.setLane(0, v);
    return s;
  }

  public int lanes() {
    return lanes;
  }

  public int numQubits() {
    return numQubits;
  }

  public int maxQubits() {
    return maxQubits;
  }

  /** 2^n. */
  public int dimension() {
    return 1 << numQubits;
  }

  /** Array index of amplitude 0 of lane 0 in {@link #re()} and {@link #im()}. */
  public int offset() {
    return OFFSET;
  }

  /**
   * The live real parts (layout in the class javadoc); kernels write into it. Only the 2^n·W entries from
   * {@link #offset()} are meaningful.
   */
  public double[] re() {
    return re;
  }

  /** The live imaginary parts. */
  public double[] im() {
    return im;
  }

  /** Resets to n qubits, all amplitudes zero. */
  public void clear(int qubits) {
    if (qubits < 0 || qubits > maxQubits) {
      throw new IllegalArgumentException("qubits " + qubits + " exceeds capacity " + maxQubits);
    }
    numQubits = qubits;
    Arrays.fill(re, OFFSET, OFFSET + dimension() * lanes, 0.0);
    Arrays.fill(im, OFFSET, OFFSET + dimension() * lanes, 0.0);
  }

  /** Copies v (length 2^n) into lane b. */
  public void setLane(int lane, ComplexVector v) {
    if (v.length() != dimension()) {
      throw new IllegalArgumentException("state has " + v.length() + " amplitudes, expected " + dimension());
    }
    for (int a = 0; a < v.length(); a++) {
      re[OFFSET + a * lanes + lane] = v.re(a);
      im[OFFSET + a * lanes + lane] = v.im(a);
    }
  }

  /** A copy of lane b. */
  public ComplexVector lane(int lane) {
    int dim = dimension();
    double[] r = new double[dim];
    double[] m = new double[dim];
    for (int a = 0; a < dim; a++) {
      r[a] = re[OFFSET + a * lanes + lane];
      m[a] = im[OFFSET + a * lanes + lane];
    }
    return new ComplexVector(r, m);
  }

  /** Copies state (n and the live amplitudes) from another batch of the same lane count and capacity. */
  public void copyFrom(StateBatch other) {
    if (other.lanes != lanes || other.maxQubits > maxQubits) {
      throw new IllegalArgumentException("incompatible batches");
    }
    numQubits = other.numQubits;
    int len = dimension() * lanes;
    System.arraycopy(other.re, OFFSET, re, OFFSET, len);
    System.arraycopy(other.im, OFFSET, im, OFFSET, len);
  }

  /** Applies a basis permutation: new amplitude a = old amplitude {@code source[a]} (one pass; no arithmetic). */
  public void permute(int[] source) {
    requirePermutationOfRows(source);
    LaneKernels.permute(re, im, spareRe, spareIm, OFFSET, lanes, source);
    swapWithSpare();
  }

  /**
   * The adjoint of a permutation step then the compact adjoint step of the 1-qubit gate before it, on the state ψ and
   * the conjugate gradient λ together ({@link LaneKernelBackend#permuteThenBackwardCompact}): new row a = old row
   * {@code source[a]} in both, then ψ ← U†ψ, λ ← U†λ with the four post-gate sums in {@code sums}.
   */
  public static void permuteThenBackwardCompact(LaneKernelBackend kernels, StateBatch psi, StateBatch lambda, int wire,
      double[] u, int[] source, double[] sums) {
    if (psi.lanes != lambda.lanes || psi.numQubits != lambda.numQubits) {
      throw new IllegalArgumentException("ψ and λ differ in shape: " + psi.numQubits + " qubits × " + psi.lanes
          + " lanes against " + lambda.numQubits + " × " + lambda.lanes);
    }
    psi.requirePermutationOfRows(source);
    kernels.permuteThenBackwardCompact(psi.re, psi.im, lambda.re, lambda.im, psi.spareRe, psi.spareIm, lambda.spareRe,
        lambda.spareIm, OFFSET, psi.numQubits, psi.lanes, wire, u, source, sums);
    psi.swapWithSpare();
    lambda.swapWithSpare();
  }

  /** A permutation table must have one entry per basis row of the current state. */
  private void requirePermutationOfRows(int[] table) {
    if (table.length != dimension()) {
      throw new IllegalArgumentException("permutation of " + table.length + " for dimension " + dimension());
    }
  }

  /** The spare arrays, which an out-of-place pass has just filled, become the state (and the state the spare). */
  private void swapWithSpare() {
    double[] t = re;
    re = spareRe;
    spareRe = t;
    t = im;
    im = spareIm;
    spareIm = t;
  }

  /**
   * ψ ← P·U·ψ in one pass through the spare arrays: a 2×2 U on {@code wire}, then the basis permutation under which
   * row a moves to row {@code dest[a]} (the inverse of {@link #permute}'s {@code source}).
   */
  public void applySingleQubitThenPermute(LaneKernelBackend kernels, int wire, double[] u, int[] dest) {
    requirePermutationOfRows(dest);
    kernels.applySingleQubitPermuted(re, im, spareRe, spareIm, OFFSET, numQubits, lanes, wire, u, dest);
    swapWithSpare();
  }

  /**
   * ψ ← P·V·U·ψ in one pass through the spare arrays: U on {@code wireA}, V on {@code wireB}, then the basis
   * permutation under which row a moves to row {@code dest[a]}.
   */
  public void applySingleQubitPairThenPermute(LaneKernelBackend kernels, int wireA, double[] u, int wireB, double[] v,
      int[] dest) {
    requirePermutationOfRows(dest);
    kernels.applySingleQubitPairPermuted(re, im, spareRe, spareIm, OFFSET, numQubits, lanes, wireA, u, wireB, v, dest);
    swapWithSpare();
  }

  /**
   * Prepends an ancilla in |0⟩ as the new wire 0 (the new most significant bit): amplitudes keep their index and
   * the new upper half is zero (notes §3.1 step 3, {@code cat([state, zeros])}).
   */
  public void appendAncillaZero() {
    if (numQubits + 1 > maxQubits) {
      throw new IllegalStateException("no room for an ancilla: capacity " + maxQubits);
    }
    int len = dimension() * lanes;
    Arrays.fill(re, OFFSET + len, OFFSET + 2 * len, 0.0);
    Arrays.fill(im, OFFSET + len, OFFSET + 2 * len, 0.0);
    numQubits++;
  }

  /** Drops wire 0 keeping the |0⟩ half of every lane (the adjoint of {@link #appendAncillaZero()}); no renormalisation. */
  public void dropAncillaKeepZeroHalf() {
    if (numQubits == 0) {
      throw new IllegalStateException("no qubit to drop");
    }
    numQubits--;
  }

  /** Probability mass ‖first half‖² of each lane, i.e. P(wire 0 = 0) for a normalised lane. */
  public void wireZeroProbabilities(double[] out) {
    int half = dimension() / 2;
    Arrays.fill(out, 0, lanes, 0.0);
    for (int a = 0; a < half; a++) {
      for (int l = 0; l < lanes; l++) {
        int j = OFFSET + a * lanes + l;
        out[l] = Math.fma(re[j], re[j], Math.fma(im[j], im[j], out[l]));
      }
    }
  }

  /**
   * Projects wire 0 of each lane onto {@code outcome[lane]} ∈ {0, 1} and removes the wire (no renormalisation):
   * the kept half moves to the front.
   */
  public void projectWireZero(int[] outcome) {
    int half = dimension() / 2;
    for (int l = 0; l < lanes; l++) {
      if (outcome[l] == 1) {
        for (int a = 0; a < half; a++) {
          re[OFFSET + a * lanes + l] = re[OFFSET + (a + half) * lanes + l];
          im[OFFSET + a * lanes + l] = im[OFFSET + (a + half) * lanes + l];
        }
      } else if (outcome[l] != 0) {
        throw new IllegalArgumentException("outcome must be 0 or 1, got " + outcome[l]);
      }
    }
    numQubits--;
  }

  /**
   * The adjoint of {@link #projectWireZero}: adds wire 0 back, moving each lane into its {@code outcome} half and
   * zeroing the other half (a scatter of the gradient, notes §11 "projection").
   */
  public void embedIntoWireZeroHalf(int[] outcome) {
    if (numQubits + 1 > maxQubits) {
      throw new IllegalStateException("no room to re-add a wire: capacity " + maxQubits);
    }
    int half = dimension();
    numQubits++;
    for (int l = 0; l < lanes; l++) {
      if (outcome[l] == 1) {
        for (int a = 0; a < half; a++) {
          re[OFFSET + (a + half) * lanes + l] = re[OFFSET + a * lanes + l];
          im[OFFSET + (a + half) * lanes + l] = im[OFFSET + a * lanes + l];
          re[OFFSET + a * lanes + l] = 0;
          im[OFFSET + a * lanes + l] = 0;
        }
      } else {
        for (int a = 0; a < half; a++) {
          re[OFFSET + (a + half) * lanes + l] = 0;
          im[OFFSET + (a + half) * lanes + l] = 0;
        }
      }
    }
  }

  /** ‖lane‖² for every lane into {@code out}. */
  public void normsSquared(double[] out) {
    int dim = dimension();
    Arrays.fill(out, 0, lanes, 0.0);
    for (int a = 0; a < dim; a++) {
      for (int l = 0; l < lanes; l++) {
        int j = OFFSET + a * lanes + l;
        out[l] = Math.fma(re[j], re[j], Math.fma(im[j], im[j], out[l]));
      }
    }
  }

  /** Multiplies lane l by the real factor {@code factor[l]}. */
  public void scaleLanes(double[] factor) {
    int dim = dimension();
    for (int a = 0; a < dim; a++) {
      for (int l = 0; l < lanes; l++) {
        int j = OFFSET + a * lanes + l;
        re[j] *= factor[l];
        im[j] *= factor[l];
      }
    }
  }

  /** Re⟨this_l|other_l⟩ per lane into {@code out}. */
  public void realInnerProducts(StateBatch other, double[] out) {
    int dim = dimension();
    Arrays.fill(out, 0, lanes, 0.0);
    for (int a = 0; a < dim; a++) {
      for (int l = 0; l < lanes; l++) {
        int j = OFFSET + a * lanes + l;
        out[l] = Math.fma(re[j], other.re[j], Math.fma(im[j], other.im[j], out[l]));
      }
    }
  }

  /** Per lane: this_l ← this_l − coeff[l]·other_l (used by the normalisation backward step, notes §11). */
  public void subtractScaledLanes(StateBatch other, double[] coeff) {
    int dim = dimension();
    for (int a = 0; a < dim; a++) {
      for (int l = 0; l < lanes; l++) {
        int j = OFFSET + a * lanes + l;
        re[j] = Math.fma(-coeff[l], other.re[j], re[j]);
        im[j] = Math.fma(-coeff[l], other.im[j], im[j]);
      }
    }
  }

  /**
   * Draws {@code shots} computational-basis samples from lane b (Born rule on the normalised lane) using the
   * caller's seeded generator.
   */
  public int[] sample(int lane, int shots, RandomGenerator rng) {
    int dim = dimension();
    double[] cumulative = new double[dim];
    double total = 0;
    for (int a = 0; a < dim; a++) {
      int j = OFFSET + a * lanes + lane;
      total += re[j] * re[j] + im[j] * im[j];
      cumulative[a] = total;
    }
    int[] out = new int[shots];
    for (int s = 0; s < shots; s++) {
      double u = rng.nextDouble() * total;
      int lo = 0, hi = dim - 1;
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (cumulative[mid] > u) {
          hi = mid;
        } else {
          lo = mid + 1;
        }
      }
      out[s] = lo;
    }
    return out;
  }
}
