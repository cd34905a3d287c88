package io.qdm.simulator.kernel;

/**
 * The hot kernels of the lane layout (see {@link LaneKernels} for the layout and conventions), implemented by sibling
 * backends and chosen in one place, {@link LaneKernelBackends#selected()} (qsim {@code simmux.h} style). Every kernel
 * takes {@code offset}, the array index of the state's element 0; element ranges and permutation rows are logical.
 */
public interface LaneKernelBackend {

  /** Backend name for reports ("scalar", "vector-256" ...). */
  String name();

  /**
   * Doubles per vector operation (1 for scalar loops). A wire whose run of {@code stride·lanes} elements is shorter
   * than this falls back to the scalar loops, so batches of at least this many lanes keep every wire vectorised.
   */
  default int vectorLength() {
    return 1;
  }

  /** In place ψ ← U·ψ for a 2×2 U on {@code wire} of every lane. */
  default void applySingleQubit(double[] re, double[] im, int offset, int numQubits, int lanes, int wire, double[] u) {
    applySingleQubit(re, im, offset, numQubits, lanes, wire, u, 0, (1 << numQubits) * lanes);
  }

  /**
   * {@link #applySingleQubit} restricted to the array elements {@code [from, to)}, which must be a multiple of the
   * wire's pair block ({@code 2·stride·lanes}) in length and alignment. Used for cache blocking: several gates on
   * low wires are applied block by block while the block is in L1 (bit-identical to whole-state passes, since
   * such gates only mix elements within a block).
   */
  void applySingleQubit(double[] re, double[] im, int offset, int numQubits, int lanes, int wire, double[] u, int from,
      int to);

  /**
   * ψ ← V·U·ψ: the 2×2 U on {@code wireA}, then the 2×2 V on {@code wireB} (another wire), on the elements
   * {@code [from, to)}, which must be whole pair blocks of both wires. Per element the arithmetic is that of the two
   * {@link #applySingleQubit} calls this default makes, so the bits are theirs; a backend may do both gates in one
   * pass, each element loaded and stored once instead of twice.
   */
  default void applySingleQubitPair(double[] re, double[] im, int offset, int numQubits, int lanes, int wireA,
      double[] u, int wireB, double[] v, int from, int to) {
    applySingleQubit(re, im, offset, numQubits, lanes, wireA, u, from, to);
    applySingleQubit(re, im, offset, numQubits, lanes, wireB, v, from, to);
  }

  /**
   * Whether {@link #applySingleQubitPair} is one pass in registers and faster than the L1-tiled alternative
   * ({@link #applySingleQubitRuns}); callers pick the path by this.
   */
  default boolean pairsInRegisters() {
    return false;
  }

  /**
   * The 2×2 U on the pairs (j, j + sw) for j in {@code [from, from + length)} only, where the whole range lies in the
   * lower half of one pair block ({@code sw} = stride·lanes of the wire). Used to apply two gates on high wires tile by
   * tile ({@code BoundCircuit}); per element the arithmetic is that of {@link #applySingleQubit}.
   */
  default void applySingleQubitRuns(double[] re, double[] im, int offset, int sw, double[] u, int from, int length) {
    LaneKernels.applySingleQubitRuns(re, im, offset, sw, u, from, length);
  }

  /**
   * Out of place ψ ← P·U·ψ: a 2×2 U on {@code wire} followed by a basis permutation, in one pass. Row a of the
   * gate's output is written to row {@code dest[a]} of {@code dst} (all lanes); {@code src} is left undefined.
   * This makes a CNOT ring that follows a layer's last 1-qubit step free (perf-notes §6 lever 2). Per lane the
   * arithmetic is that of {@link #applySingleQubit}: results are bit-identical to the gate then the permutation.
   */
  default void applySingleQubitPermuted(double[] srcRe, double[] srcIm, double[] dstRe, double[] dstIm, int offset,
      int numQubits, int lanes, int wire, double[] u, int[] dest) {
    applySingleQubit(srcRe, srcIm, offset, numQubits, lanes, wire, u);
    for (int a = 0; a < dest.length; a++) {
      System.arraycopy(srcRe, offset + a * lanes, dstRe, offset + dest[a] * lanes, lanes);
      System.arraycopy(srcIm, offset + a * lanes, dstIm, offset + dest[a] * lanes, lanes);
    }
  }

  /**
   * Out of place ψ ← P·V·U·ψ: the 2×2 U on {@code wireA}, the 2×2 V on {@code wireB}, then the basis permutation
   * (row a of the result goes to row {@code dest[a]} of {@code dst}), in one pass; {@code src} is left undefined. Per
   * element the arithmetic is that of {@link #applySingleQubitPair}, so the bits are those of the two gates, then the
   * permutation.
   */
  default void applySingleQubitPairPermuted(double[] srcRe, double[] srcIm, double[] dstRe, double[] dstIm, int offset,
      int numQubits, int lanes, int wireA, double[] u, int wireB, double[] v, int[] dest) {
    applySingleQubitPair(srcRe, srcIm, offset, numQubits, lanes, wireA, u, wireB, v, 0, (1 << numQubits) * lanes);
    for (int a = 0; a < dest.length; a++) {
      System.arraycopy(srcRe, offset + a * lanes, dstRe, offset + dest[a] * lanes, lanes);
      System.arraycopy(srcIm, offset + a * lanes, dstIm, offset + dest[a] * lanes, lanes);
    }
  }

  /**
   * The fused adjoint backward step for a 2×2 gate U: ψ ← U†ψ', λ ← U†λ' and
   * {@code m[2(2a+b)] + i·m[2(2a+b)+1] = Σ conj(λ'_a)·ψ_b} summed over all pairs and all lanes, in an order that
   * depends only on the arguments (deterministic). {@code m} (length 8) is overwritten.
   */
  void backwardSingleQubit(double[] psiRe, double[] psiIm, double[] lamRe, double[] lamIm, int offset,
      int numQubits, int lanes, int wire, double[] u, double[] m);

  /**
   * The adjoint backward step for a 2×2 gate U with <b>compact post-gate overlaps</b>: first, over all pairs and
   * lanes of the state ψ' and conjugate gradient λ' after the gate,
   * {@code s[0] = Σ Im(conj(λ'_0)ψ'_0)}, {@code s[1] = Σ Im(conj(λ'_1)ψ'_1)} and
   * {@code s[2] + i·s[3] = Σ conj(λ'_0)ψ'_1 − λ'_1·conj(ψ'_0)}; then ψ ← U†ψ', λ ← U†λ'. These four sums determine
   * 2·Re⟨λ'|G|ψ'⟩ for every anti-Hermitian 2×2 G, which is what every parameter derivative of a unitary gate is
   * in the post-gate frame (G = ∂U·U†), so the gradient needs 4 sums per step instead of the 8 of {@code m}.
   * Summation order depends only on the arguments. {@code s} (length 4) is overwritten.
   */
  void backwardSingleQubitCompact(double[] psiRe, double[] psiIm, double[] lamRe, double[] lamIm, int offset,
      int numQubits, int lanes, int wire, double[] u, double[] s);

  /**
   * The adjoint step of a permutation followed by the compact adjoint step of the gate before it, in one pass: ψ and λ
   * are first permuted (new row a = old row {@code source[a]}, from the {@code src} arrays into the {@code dst}
   * arrays), then {@link #backwardSingleQubitCompact} runs on the destination. The sums are those of the compact step
   * on the permuted arrays, in the same order, so the bits are those of the two steps; {@code src} is left undefined.
   */
  default void permuteThenBackwardCompact(double[] psiRe, double[] psiIm, double[] lamRe, double[] lamIm,
      double[] psiDstRe, double[] psiDstIm, double[] lamDstRe, double[] lamDstIm, int offset, int numQubits, int lanes,
      int wire, double[] u, int[] source, double[] s) {
    LaneKernels.permute(psiRe, psiIm, psiDstRe, psiDstIm, offset, lanes, source);
    LaneKernels.permute(lamRe, lamIm, lamDstRe, lamDstIm, offset, lanes, source);
    backwardSingleQubitCompact(psiDstRe, psiDstIm, lamDstRe, lamDstIm, offset, numQubits, lanes, wire, u, s);
  }
}
