package io.qdm.simulator.kernel;

/**
 * Gate kernels on states stored in the <b>lane layout</b> of {@link io.qdm.simulator.state.StateBatch}: W states
 * ("lanes") side by side, amplitude a of lane b at index {@code a·W + b} of split {@code re[]}/{@code im[]} arrays.
 * With W = 1 this is the plain per-state layout.
 *
 * <p>Why this layout: a 1-qubit gate on wire w pairs amplitude rows a and a + s (s = 2^(n−1−w)); the s·W
 * elements of such a run are contiguous, so the inner loop is a unit-stride loop over {@code s·W ≥ W} doubles
 * that C2 auto-vectorises for every wire, including the least significant ones whose stride-1/2 pairs do not
 * vectorise in the per-state layout (perf-notes §6, lever 3). Complex multiply-adds use {@link Math#fma}
 * explicitly because C2 does not contract mul+add on its own (perf-notes §6).
 *
 * <p>Wire convention (PennyLane, notes §11): wire 0 is the most significant bit; the index bit of wire w on
 * n qubits is {@code 1 << (n−1−w)}. Matrices are 2×2 or 4×4 interleaved row-major ({@code gate.ComplexMatrices}).
 *
 * <p><b>Offset:</b> every kernel takes {@code offset}, the array index of the state's element 0 (logical index i lives
 * at {@code offset + i}). {@link io.qdm.simulator.state.StateBatch} uses it to start its states on a 64-byte
 * boundary; element ranges ({@code from}, {@code to}) and permutation rows stay logical.
 *
 * <p>Kernels only touch the arrays they are given. The hot ones (single-qubit, backward, permutation) allocate
 * nothing; the generic two-qubit kernel (fixed CZ/ECR only) allocates three tiny arrays per call.
 */
public final class LaneKernels {
  private LaneKernels() {}

  /** Stride (in amplitude rows) of wire w on n qubits. */
  public static int wireStride(int numQubits, int wire) {
    if (wire < 0 || wire >= numQubits) {
      throw new IllegalArgumentException("wire " + wire + " out of range for " + numQubits + " qubits");
    }
    return 1 << (numQubits - 1 - wire);
  }

  /** Validates a kernel's element range: whole pair blocks of run length {@code sw} inside the state. */
  static void checkBlock(int from, int to, int sw, int total) {
    if (from < 0 || to > total || from > to || from % (2 * sw) != 0 || to % (2 * sw) != 0) {
      throw new IllegalArgumentException("element range [" + from + ", " + to + ") is not made of whole pair blocks of "
          + 2 * sw + " within " + total);
    }
  }

  /**
   * True when the 2×2 U has the form [[a, b], [−b*, a*]] exactly (bit for bit), as every bound rotation (RX, RY,
   * RZ, Rot, R3) and every product of them has. Such gates take {@link #applySpecialUnitary}'s cheaper path.
   */
  public static boolean isSpecialUnitaryForm(double[] u) {
    return u[6] == u[0] && u[7] == -u[1] && u[4] == -u[2] && u[5] == u[3];
  }

  /** In place: ψ ← U·ψ for a 2×2 U on {@code wire} of every lane. */
  public static void applySingleQubit(double[] re, double[] im, int offset, int numQubits, int lanes, int wire,
      double[] u) {
    applySingleQubit(re, im, offset, numQubits, lanes, wire, u, 0, (1 << numQubits) * lanes);
  }

  /** {@link #applySingleQubit} on the elements {@code [from, to)} (see {@link LaneKernelBackend} for the contract). */
  public static void applySingleQubit(double[] re, double[] im, int offset, int numQubits, int lanes, int wire,
      double[] u, int from, int to) {
    final int sw = wireStride(numQubits, wire) * lanes;
    checkBlock(from, to, sw, (1 << numQubits) * lanes);
    if (isSpecialUnitaryForm(u)) {
      applySpecialUnitary(re, im, offset + from, offset + to, sw, u);
      return;
    }
    final double u00r = u[0], u00i = u[1], u01r = u[2], u01i = u[3];
    final double u10r = u[4], u10i = u[5], u11r = u[6], u11i = u[7];
    for (int base = offset + from; base < offset + to; base += 2 * sw) {
      final int end = base + sw;
      for (int j = base; j < end; j++) {
        final int k = j + sw;
        final double x0r = re[j], x0i = im[j], x1r = re[k], x1i = im[k];
        re[j] = Math.fma(u00r, x0r, Math.fma(-u00i, x0i, Math.fma(u01r, x1r, -u01i * x1i)));
        im[j] = Math.fma(u00r, x0i, Math.fma(u00i, x0r, Math.fma(u01r, x1i, u01i * x1r)));
        re[k] = Math.fma(u10r, x0r, Math.fma(-u10i, x0i, Math.fma(u11r, x1r, -u11i * x1i)));
        im[k] = Math.fma(u10r, x0i, Math.fma(u10i, x0r, Math.fma(u11r, x1i, u11i * x1r)));
      }
    }
  }

  /**
   * ψ ← U·ψ for U = [[a, b], [−b*, a*]] over the runs of length {@code sw}: y0 = a·x0 + b·x1, y1 = −b*·x0 + a*·x1
   * as four chains of three FMAs and a multiply (the minimum for a complex 2×2), with the signs folded into negated
   * constants. The operation order is the vector backend's.
   */
  static void applySpecialUnitary(double[] re, double[] im, int from, int to, int sw, double[] u) {
    applySpecialUnitary(re, im, from, to, sw, u, Integer.MAX_VALUE);
  }

  /** The same, each run cut at {@code runEnd} (for {@link #applySingleQubitRuns}). */
  static void applySpecialUnitary(double[] re, double[] im, int from, int to, int sw, double[] u, int runEnd) {
    final double ar = u[0], ai = u[1], br = u[2], bi = u[3];
    final double nai = -ai, nbr = -br, nbi = -bi;
    for (int base = from; base < to; base += 2 * sw) {
      final int end = Math.min(base + sw, runEnd);
      for (int j = base; j < end; j++) {
        final int k = j + sw;
        final double x0r = re[j], x0i = im[j], x1r = re[k], x1i = im[k];
        re[j] = Math.fma(x0r, ar, Math.fma(x0i, nai, Math.fma(x1r, br, x1i * nbi)));
        im[j] = Math.fma(x0i, ar, Math.fma(x0r, ai, Math.fma(x1i, br, x1r * bi)));
        re[k] = Math.fma(x1r, ar, Math.fma(x1i, ai, Math.fma(x0r, nbr, x0i * nbi)));
        im[k] = Math.fma(x1i, ar, Math.fma(x1r, nai, Math.fma(x0i, nbr, x0r * bi)));
      }
    }
  }

  /** Reference for {@link LaneKernelBackend#applySingleQubitRuns}: the same expressions as {@link #applySingleQubit}. */
  public static void applySingleQubitRuns(double[] re, double[] im, int offset, int sw, double[] u, int from,
      int length) {
    checkRuns(re, offset, sw, from, length);
    if (isSpecialUnitaryForm(u)) {
      applySpecialUnitary(re, im, offset + from, offset + from + 2 * sw, sw, u, offset + from + length);
      return;
    }
    final double u00r = u[0], u00i = u[1], u01r = u[2], u01i = u[3];
    final double u10r = u[4], u10i = u[5], u11r = u[6], u11i = u[7];
    for (int j = offset + from; j < offset + from + length; j++) {
      final int k = j + sw;
      final double x0r = re[j], x0i = im[j], x1r = re[k], x1i = im[k];
      re[j] = Math.fma(u00r, x0r, Math.fma(-u00i, x0i, Math.fma(u01r, x1r, -u01i * x1i)));
      im[j] = Math.fma(u00r, x0i, Math.fma(u00i, x0r, Math.fma(u01r, x1i, u01i * x1r)));
      re[k] = Math.fma(u10r, x0r, Math.fma(-u10i, x0i, Math.fma(u11r, x1r, -u11i * x1i)));
      im[k] = Math.fma(u10r, x0i, Math.fma(u10i, x0r, Math.fma(u11r, x1i, u11i * x1r)));
    }
  }

  /** Validates {@link #applySingleQubitRuns}' range: inside the lower half of one pair block, inside the array. */
  static void checkRuns(double[] re, int offset, int sw, int from, int length) {
    if (from < 0 || length < 0 || (from % (2 * sw)) + length > sw || offset + from + length + sw > re.length) {
      throw new IllegalArgumentException("runs [" + from + ", " + (from + length) + ") do not lie in the lower half of one"
          + " pair block of " + 2 * sw);
    }
  }

  /** In place: ψ ← U†·ψ for a 2×2 U on {@code wire} of every lane. */
  public static void applySingleQubitAdjoint(double[] re, double[] im, int offset, int numQubits, int lanes, int wire,
      double[] u) {
    applySingleQubit(re, im, offset, numQubits, lanes, wire, adjoint2x2(u));
  }

  /**
   * The backward step of the adjoint method for a 2×2 gate U (notes §11), fused into one pass:
   * ψ ← U†ψ', λ ← U†λ' and, per lane b, M_ab += Σ conj(λ'_a)·ψ_b over all pairs, where ψ', λ' are the
   * state and the conjugate gradient ∂L/∂ψ'* after the gate. Then ∂L/∂p = 2·Re Σ_ab (∂U/∂p)_ab·M_ab.
   *
   * @param m accumulator of length 8·W: entry (a, b) of lane l has its real part at {@code (2(2a+b))·W + l}
   *     and its imaginary part at {@code (2(2a+b)+1)·W + l}; accumulated into, not cleared
   */
  public static void backwardSingleQubit(
      double[] psiRe, double[] psiIm, double[] lamRe, double[] lamIm, int offset,
      int numQubits, int lanes, int wire, double[] u, double[] m) {
    // U† entries: (U†)00 = conj(u00), (U†)01 = conj(u10), (U†)10 = conj(u01), (U†)11 = conj(u11)
    final double a00r = u[0], a00i = -u[1], a01r = u[4], a01i = -u[5];
    final double a10r = u[2], a10i = -u[3], a11r = u[6], a11i = -u[7];
    final int w = lanes;
    final int sw = wireStride(numQubits, wire) * lanes;
    final int total = (1 << numQubits) * lanes;
    for (int base = offset; base < offset + total; base += 2 * sw) {
      final int end = base + sw;
      for (int row = base; row < end; row += w) {
        for (int l = 0; l < w; l++) {
          final int j = row + l;
          final int k = j + sw;
          final double p0r = psiRe[j], p0i = psiIm[j], p1r = psiRe[k], p1i = psiIm[k];
          final double q0r = Math.fma(a00r, p0r, Math.fma(-a00i, p0i, Math.fma(a01r, p1r, -a01i * p1i)));
          final double q0i = Math.fma(a00r, p0i, Math.fma(a00i, p0r, Math.fma(a01r, p1i, a01i * p1r)));
          final double q1r = Math.fma(a10r, p0r, Math.fma(-a10i, p0i, Math.fma(a11r, p1r, -a11i * p1i)));
          final double q1i = Math.fma(a10r, p0i, Math.fma(a10i, p0r, Math.fma(a11r, p1i, a11i * p1r)));
          psiRe[j] = q0r; psiIm[j] = q0i; psiRe[k] = q1r; psiIm[k] = q1i;
          final double l0r = lamRe[j], l0i = lamIm[j], l1r = lamRe[k], l1i = lamIm[k];
          // conj(λ_a)·ψ_b: re = λr ψr + λi ψi, im = λr ψi − λi ψr
          m[l] = Math.fma(l0r, q0r, Math.fma(l0i, q0i, m[l]));
          m[w + l] = Math.fma(l0r, q0i, Math.fma(-l0i, q0r, m[w + l]));
          m[2 * w + l] = Math.fma(l0r, q1r, Math.fma(l0i, q1i, m[2 * w + l]));
          m[3 * w + l] = Math.fma(l0r, q1i, Math.fma(-l0i, q1r, m[3 * w + l]));
          m[4 * w + l] = Math.fma(l1r, q0r, Math.fma(l1i, q0i, m[4 * w + l]));
          m[5 * w + l] = Math.fma(l1r, q0i, Math.fma(-l1i, q0r, m[5 * w + l]));
          m[6 * w + l] = Math.fma(l1r, q1r, Math.fma(l1i, q1i, m[6 * w + l]));
          m[7 * w + l] = Math.fma(l1r, q1i, Math.fma(-l1i, q1r, m[7 * w + l]));
          lamRe[j] = Math.fma(a00r, l0r, Math.fma(-a00i, l0i, Math.fma(a01r, l1r, -a01i * l1i)));
          lamIm[j] = Math.fma(a00r, l0i, Math.fma(a00i, l0r, Math.fma(a01r, l1i, a01i * l1r)));
          lamRe[k] = Math.fma(a10r, l0r, Math.fma(-a10i, l0i, Math.fma(a11r, l1r, -a11i * l1i)));
          lamIm[k] = Math.fma(a10r, l0i, Math.fma(a10i, l0r, Math.fma(a11r, l1i, a11i * l1r)));
        }
      }
    }
  }

  /**
   * Reference (plain loops) for {@link LaneKernelBackend#backwardSingleQubitCompact}: the four post-gate sums in
   * pair-then-lane order, then ψ ← U†ψ', λ ← U†λ'.
   */
  public static void backwardSingleQubitCompact(
      double[] psiRe, double[] psiIm, double[] lamRe, double[] lamIm, int offset,
      int numQubits, int lanes, int wire, double[] u, double[] s) {
    final int sw = wireStride(numQubits, wire) * lanes;
    final int total = (1 << numQubits) * lanes;
    double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    for (int base = offset; base < offset + total; base += 2 * sw) {
      final int end = base + sw;
      for (int j = base; j < end; j++) {
        final int k = j + sw;
        final double p0r = psiRe[j], p0i = psiIm[j], p1r = psiRe[k], p1i = psiIm[k];
        final double l0r = lamRe[j], l0i = lamIm[j], l1r = lamRe[k], l1i = lamIm[k];
        s0 = Math.fma(l0r, p0i, Math.fma(-l0i, p0r, s0));
        s1 = Math.fma(l1r, p1i, Math.fma(-l1i, p1r, s1));
        s2 = Math.fma(l0r, p1r, Math.fma(l0i, p1i, Math.fma(-l1r, p0r, Math.fma(-l1i, p0i, s2))));
        s3 = Math.fma(l0r, p1i, Math.fma(-l0i, p1r, Math.fma(-l1i, p0r, Math.fma(l1r, p0i, s3))));
      }
    }
    s[0] = s0;
    s[1] = s1;
    s[2] = s2;
    s[3] = s3;
    double[] ud = adjoint2x2(u);
    applySingleQubit(psiRe, psiIm, offset, numQubits, lanes, wire, ud);
    applySingleQubit(lamRe, lamIm, offset, numQubits, lanes, wire, ud);
  }

  /**
   * Weights w with 2·Re⟨λ'|D|ψ⟩ = 2·(w0·s0 + w1·s1 + w2·s2 + w3·s3) for a parameter derivative D = ∂U/∂p of
   * the unitary 2×2 U and the post-gate sums s of {@link #backwardSingleQubitCompact}. With ψ = U†ψ',
   * ⟨λ'|D|ψ⟩ = ⟨λ'|G|ψ'⟩ for G = D·U†, which is anti-Hermitian because U(p) is unitary for every p
   * (∂(UU†) = G + G† = 0). Hence G00, G11 are imaginary and G10 = −conj(G01), so with N_ab = Σ conj(λ'_a)ψ'_b:
   * Re Σ_ab G_ab N_ab = −Im G00·Im N00 − Im G11·Im N11 + Re(G01·(N01 − conj N10)), i.e.
   * w = (−Im G00, −Im G11, Re G01, −Im G01). Both arguments are 2×2 interleaved.
   */
  public static double[] backwardSingleQubitCompactWeights(double[] derivative, double[] u) {
    double[] w = new double[4];
    backwardSingleQubitCompactWeights(derivative, adjoint2x2(u), w, 0);
    return w;
  }

  /**
   * {@link #backwardSingleQubitCompactWeights(double[], double[])} given U† instead of U, written to
   * {@code out[at .. at + 4)}: the same expressions, for binding without an allocation per parameter.
   */
  public static void backwardSingleQubitCompactWeights(double[] derivative, double[] ud, double[] out, int at) {
    // G01 = D00·(U†)01 + D01·(U†)11 ; G00 = D00·(U†)00 + D01·(U†)10 ; G11 = D10·(U†)01 + D11·(U†)11
    double g00i = derivative[0] * ud[1] + derivative[1] * ud[0] + derivative[2] * ud[5] + derivative[3] * ud[4];
    double g01r = derivative[0] * ud[2] - derivative[1] * ud[3] + derivative[2] * ud[6] - derivative[3] * ud[7];
    double g01i = derivative[0] * ud[3] + derivative[1] * ud[2] + derivative[2] * ud[7] + derivative[3] * ud[6];
    double g11i = derivative[4] * ud[3] + derivative[5] * ud[2] + derivative[6] * ud[7] + derivative[7] * ud[6];
    out[at] = -g00i;
    out[at + 1] = -g11i;
    out[at + 2] = g01r;
    out[at + 3] = -g01i;
  }

  /** In place: ψ ← U·ψ for a 4×4 U on (wire0, wire1), wire0 the more significant local bit. */
  public static void applyTwoQubit(double[] re, double[] im, int offset, int numQubits, int lanes, int wire0, int wire1,
      double[] u) {
    final int b0 = wireStride(numQubits, wire0);
    final int b1 = wireStride(numQubits, wire1);
    if (b0 == b1) {
      throw new IllegalArgumentException("two-qubit gate needs distinct wires, got " + wire0 + " twice");
    }
    final int dim = 1 << numQubits;
    final int[] rows = new int[4];
    final double[] xr = new double[4];
    final double[] xi = new double[4];
    // Fixed two-qubit gates (CZ, ECR) are rare and not in the hot path; the small arrays above are per call.
    for (int a = 0; a < dim; a++) {
      if ((a & b0) != 0 || (a & b1) != 0) {
        continue;
      }
      rows[0] = a; rows[1] = a | b1; rows[2] = a | b0; rows[3] = a | b0 | b1;
      for (int l = 0; l < lanes; l++) {
        for (int r = 0; r < 4; r++) {
          xr[r] = re[offset + rows[r] * lanes + l];
          xi[r] = im[offset + rows[r] * lanes + l];
        }
        for (int r = 0; r < 4; r++) {
          double yr = 0, yi = 0;
          for (int c = 0; c < 4; c++) {
            double ur = u[2 * (4 * r + c)], ui = u[2 * (4 * r + c) + 1];
            yr = Math.fma(ur, xr[c], Math.fma(-ui, xi[c], yr));
            yi = Math.fma(ur, xi[c], Math.fma(ui, xr[c], yi));
          }
          re[offset + rows[r] * lanes + l] = yr;
          im[offset + rows[r] * lanes + l] = yi;
        }
      }
    }
  }

  /**
   * Gather: {@code dst[a] = src[source[a]]} row by row (all lanes). Used for basis permutations (the CNOT ring
   * applied as one pass, perf-notes §6 lever 2). {@code src} and {@code dst} must not alias.
   */
  public static void permute(double[] srcRe, double[] srcIm, double[] dstRe, double[] dstIm, int offset, int lanes,
      int[] source) {
    final int dim = source.length;
    if (lanes == 1) {
      for (int a = 0; a < dim; a++) {
        dstRe[offset + a] = srcRe[offset + source[a]];
        dstIm[offset + a] = srcIm[offset + source[a]];
      }
      return;
    }
    for (int a = 0; a < dim; a++) {
      System.arraycopy(srcRe, offset + source[a] * lanes, dstRe, offset + a * lanes, lanes);
      System.arraycopy(srcIm, offset + source[a] * lanes, dstIm, offset + a * lanes, lanes);
    }
  }

  /** The conjugate transpose of a 2×2 interleaved matrix (explicit new output; called once per step, not per amplitude). */
  public static double[] adjoint2x2(double[] u) {
    return new double[] {u[0], -u[1], u[4], -u[5], u[2], -u[3], u[6], -u[7]};
  }
}
