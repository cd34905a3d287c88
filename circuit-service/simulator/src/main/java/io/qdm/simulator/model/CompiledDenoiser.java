package io.qdm.simulator.model;

import io.qdm.simulator.fusion.BoundCircuit;
import io.qdm.simulator.fusion.FusedCircuit;
import io.qdm.simulator.fusion.GateFusion;
import io.qdm.simulator.state.ComplexVector;
import io.qdm.simulator.state.StateBatch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The forward map of a denoiser with fixed parameters, folded into small dense matrices: the sampling path
 * (generation), not training.
 *
 * <p>Why this is exact. For one sample with label y and kept ancilla branch o, every step of {@link Denoiser}'s
 * pipeline is linear except the two renormalisations, which only scale the state. So the output is
 * {@code M(y,o)·x / ‖M(y,o)·x‖} with the 2^n × 2^n matrix M(y,o) = P_y · S2 · (branch o of the middle) · S1 · E_y
 * (E_y embeds x at label y, P_y post-selects the label), and the branch probability of a unit-norm x is
 * p0 = x†·G(y)·x with G(y) = K0(y)†K0(y), where K0(y) is the map from x to the ancilla-0 half just before the
 * measurement. M and G are built once per parameter set and label by running the real circuits (the same
 * {@link BoundCircuit}s {@link Denoiser} runs) on the 2^n embedded basis states.
 *
 * <p>What it buys. The paper's conditioned latent model costs about 0.95 MFLOP per sample and reverse step through
 * its 370 gates; here it is two 8×8 complex matrix products (≈ 1 kFLOP). Outputs equal {@link Denoiser#forward} to
 * rounding (≤ 1e-12, tested; the ancilla branch is decided by the same rule {@code u < p0}), and each sample's bits
 * depend only on its own input, label, timestep and uniform, never on the batch. Immutable and thread-safe.
 */
public final class CompiledDenoiser {
  /** Largest total size of the folded matrices; larger models keep the gate-by-gate {@link Denoiser}. */
  public static final long MAX_BYTES = 128L << 20;

  private final DenoiserSpec spec;
  private final int dim;
  private final boolean sampled;
  /** [set][label][outcome] → D×D complex matrix, row-major, split re/im. */
  private final double[][][][] mRe;
  private final double[][][][] mIm;
  /** [set][label] → D×D Hermitian G (sampled measurement only). */
  private final double[][][] gRe;
  private final double[][][] gIm;

  private CompiledDenoiser(DenoiserSpec spec, double[][][][] mRe, double[][][][] mIm, double[][][] gRe, double[][][] gIm) {
    this.spec = spec;
    this.dim = spec.dataDimension();
    this.sampled = spec.ancillaMode() == AncillaMode.SAMPLED_MEASUREMENT;
    this.mRe = mRe;
    this.mIm = mIm;
    this.gRe = gRe;
    this.gIm = gIm;
  }

  /** Bytes the folded matrices of {@code spec} take (M per set, label and branch; G per set and label). */
  public static long footprintBytes(DenoiserSpec spec) {
    long d2 = (long) spec.dataDimension() * spec.dataDimension();
    int branches = spec.ancillaMode() == AncillaMode.SAMPLED_MEASUREMENT ? 3 : 1;
    return 16L * d2 * branches * spec.labelCount() * spec.parameterSets();
  }

  /** Whether {@link #compile} accepts {@code spec} ({@link #footprintBytes} ≤ {@link #MAX_BYTES}). */
  public static boolean fits(DenoiserSpec spec) {
    return footprintBytes(spec) <= MAX_BYTES;
  }

  /** Folds the denoiser {@code spec} with {@code parameters} (the whole vector, all sets). */
  public static CompiledDenoiser compile(DenoiserSpec spec, double[] parameters) {
    if (!fits(spec)) {
      throw new IllegalArgumentException("model too large to fold: " + footprintBytes(spec) + " bytes > " + MAX_BYTES);
    }
    if (parameters.length != spec.parameterCount()) {
      throw new IllegalArgumentException("parameters: expected " + spec.parameterCount() + ", got " + parameters.length);
    }
    FusedCircuit s1 = GateFusion.compile(spec.block().circuit(spec.wires(DenoiserBlock.S1), spec.s1Layers()));
    FusedCircuit x = GateFusion.compile(spec.block().circuit(spec.wires(DenoiserBlock.X), spec.middleLayers()));
    FusedCircuit s2 = GateFusion.compile(spec.block().circuit(spec.wires(DenoiserBlock.S2), spec.s2Layers()));
    int sets = spec.parameterSets();
    int labels = spec.labelCount();
    int d = spec.dataDimension();
    int sys = spec.systemQubits();
    boolean sampled = spec.ancillaMode() == AncillaMode.SAMPLED_MEASUREMENT;
    boolean reverse = spec.architecture() == Architecture.REVERSE_BOTTLENECK;
    int branches = sampled ? 2 : 1;
    double[][][][] mRe = new double[sets][labels][branches][];
    double[][][][] mIm = new double[sets][labels][branches][];
    double[][][] gRe = new double[sets][labels][];
    double[][][] gIm = new double[sets][labels][];
    for (int set = 0; set < sets; set++) {
      int base = set * spec.parametersPerSet();
      BoundCircuit b1 = s1.bind(parameters, base + spec.blockOffsetInSet(DenoiserBlock.S1));
      BoundCircuit bx = x.bind(parameters, base + spec.blockOffsetInSet(DenoiserBlock.X));
      BoundCircuit b2 = s2.bind(parameters, base + spec.blockOffsetInSet(DenoiserBlock.S2));
      for (int y = 0; y < labels; y++) {
        // lane j holds column j: the embedded basis state |y⟩⊗|j⟩ pushed through the circuit
        StateBatch psi = new StateBatch(sys, d, sys + 1);
        for (int j = 0; j < d; j++) {
          psi.re()[psi.offset() + (y * d + j) * d + j] = 1.0;
        }
        b1.apply(psi);
        if (reverse) {
          psi.appendAncillaZero();
          bx.apply(psi);
        }
        if (sampled) {
          double[][] g = gram(psi, d);
          gRe[set][y] = g[0];
          gIm[set][y] = g[1];
        }
        for (int o = 0; o < branches; o++) {
          StateBatch branch = new StateBatch(sys + 1, d, sys + 1);
          branch.copyFrom(psi);
          int[] outcome = new int[d];
          Arrays.fill(outcome, o);
          branch.projectWireZero(outcome);
          if (!reverse) {
            bx.apply(branch);
            branch.appendAncillaZero();
          }
          b2.apply(branch);
          double[] re = new double[d * d];
          double[] im = new double[d * d];
          for (int r = 0; r < d; r++) {
            for (int j = 0; j < d; j++) {
              re[r * d + j] = branch.re()[branch.offset() + (y * d + r) * d + j];
              im[r * d + j] = branch.im()[branch.offset() + (y * d + r) * d + j];
            }
          }
          mRe[set][y][o] = re;
          mIm[set][y][o] = im;
        }
      }
    }
    return new CompiledDenoiser(spec, mRe, mIm, gRe, gIm);
  }

  /** G = K0†K0 over the wire-0 = 0 half of the lanes (column j = lane j). */
  private static double[][] gram(StateBatch psi, int d) {
    int half = psi.dimension() / 2;
    double[] re = psi.re();
    double[] im = psi.im();
    int off = psi.offset();
    double[] gr = new double[d * d];
    double[] gi = new double[d * d];
    for (int a = 0; a < half; a++) {
      for (int i = 0; i < d; i++) {
        double ar = re[off + a * d + i], ai = im[off + a * d + i];
        for (int j = 0; j < d; j++) {
          double br = re[off + a * d + j], bi = im[off + a * d + j];
          // conj(K[a,i])·K[a,j]
          gr[i * d + j] += ar * br + ai * bi;
          gi[i * d + j] += ar * bi - ai * br;
        }
      }
    }
    return new double[][] {gr, gi};
  }

  public DenoiserSpec spec() {
    return spec;
  }

  /**
   * One reverse step per input, as {@link Denoiser#forward}: same arguments, same branch rule ({@code u < p0} keeps
   * branch 0; {@code u} is ignored in post-selection mode), outputs normalised. Fidelities are NaN.
   */
  public DenoiserEvaluation forward(List<ComplexVector> inputs, int[] labels, int[] timesteps, double[] uniforms) {
    int batch = inputs.size();
    if (batch == 0) {
      throw new IllegalArgumentException("empty batch");
    }
    if (labels.length != batch || timesteps.length != batch) {
      throw new IllegalArgumentException("inputs, labels and timesteps must have the same length " + batch);
    }
    if (sampled && (uniforms == null || uniforms.length < batch)) {
      throw new IllegalArgumentException("sampled ancilla measurement needs one uniform per sample (" + batch + ")");
    }
    List<ComplexVector> outputs = new ArrayList<>(batch);
    int[] outcomes = new int[batch];
    double[] fidelities = new double[batch];
    Arrays.fill(fidelities, Double.NaN);
    double[] vr = new double[dim];
    double[] vi = new double[dim];
    for (int s = 0; s < batch; s++) {
      ComplexVector in = inputs.get(s);
      if (in.length() != dim) {
        throw new IllegalArgumentException("input " + s + " has " + in.length() + " amplitudes, expected " + dim);
      }
      int y = labels[s];
      if (y < 0 || y >= spec.labelCount()) {
        throw new IllegalArgumentException("label " + y + " of sample " + s + " outside 0.." + (spec.labelCount() - 1));
      }
      int set = spec.parameterSet(timesteps[s]);
      int o = 0;
      if (sampled) {
        o = uniforms[s] < branchZeroProbability(set, y, in) ? 0 : 1;
      }
      double[] ar = mRe[set][y][o];
      double[] ai = mIm[set][y][o];
      double norm2 = 0;
      for (int r = 0; r < dim; r++) {
        double sr = 0, si = 0;
        for (int j = 0; j < dim; j++) {
          double mr = ar[r * dim + j], mi = ai[r * dim + j];
          double xr = in.re(j), xi = in.im(j);
          sr = Math.fma(mr, xr, Math.fma(-mi, xi, sr));
          si = Math.fma(mr, xi, Math.fma(mi, xr, si));
        }
        vr[r] = sr;
        vi[r] = si;
        norm2 += sr * sr + si * si;
      }
      double norm = Math.sqrt(norm2);
      if (!(norm > 0)) {
        throw new IllegalStateException("sample " + s + ": ancilla branch " + o + " with label " + y
            + " has probability 0");
      }
      double[] outRe = new double[dim];
      double[] outIm = new double[dim];
      for (int r = 0; r < dim; r++) {
        outRe[r] = vr[r] / norm;
        outIm[r] = vi[r] / norm;
      }
      outputs.add(new ComplexVector(outRe, outIm));
      outcomes[s] = o;
    }
    return new DenoiserEvaluation(outputs, outcomes, fidelities, Double.NaN, null);
  }

  /** p0 = x†G x / x†x (relative to the input's norm, as the gate path does). */
  private double branchZeroProbability(int set, int y, ComplexVector x) {
    double[] gr = gRe[set][y];
    double[] gi = gIm[set][y];
    double quad = 0;
    double norm2 = 0;
    for (int i = 0; i < dim; i++) {
      double xr = x.re(i), xi = x.im(i);
      norm2 += xr * xr + xi * xi;
      double sr = 0, si = 0;
      for (int j = 0; j < dim; j++) {
        double yr = x.re(j), yi = x.im(j);
        sr = Math.fma(gr[i * dim + j], yr, Math.fma(-gi[i * dim + j], yi, sr));
        si = Math.fma(gr[i * dim + j], yi, Math.fma(gi[i * dim + j], yr, si));
      }
      // Re(conj(x_i)·(Gx)_i)
      quad += xr * sr + xi * si;
    }
    return quad / norm2;
  }
}
