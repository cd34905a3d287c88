package io.qdm.simulator.model;

import io.qdm.simulator.fusion.BoundCircuit;
import io.qdm.simulator.fusion.FusedCircuit;
import io.qdm.simulator.fusion.GateFusion;
import io.qdm.simulator.state.ComplexVector;
import io.qdm.simulator.state.StateBatch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;

/**
 * A PQC denoiser P(θ, t) built from a {@link DenoiserSpec}: the forward map of a batch of data states and, by the
 * adjoint method, the exact gradient of the infidelity loss through every projection and renormalisation
 * (notes §3, §11).
 *
 * <p>Pipeline for one sample with label y and input x (2^n amplitudes):
 * <ol>
 *   <li>embed |y⟩⊗|x⟩: x goes to indices y·2^n + j of the (n+k)-qubit register (notes §3.1 {@code extend_state});</li>
 *   <li>reverse bottleneck: S1 → prepend |0⟩ as wire 0 → X → reduce wire 0 → S2;
 *       bottleneck: S1 → reduce wire 0 → X → prepend |0⟩ as wire 0 → S2;</li>
 *   <li>"reduce wire 0" keeps the |outcome⟩ half and renormalises: outcome = 0 if u &lt; p0 else 1 with the
 *       caller's uniform u (sampled measurement), or outcome = 0 (post-selection);</li>
 *   <li>post-select the label register on y: take amplitudes y·2^n … y·2^n + 2^n − 1, renormalise
 *       (notes §3.1 {@code reduce_state}; with k = 0 this is the whole state).</li>
 * </ol>
 * The measurement choice is not differentiated; the gradient flows through the kept branch (notes §3.1 step 5).
 *
 * <p><b>Ancilla uniforms:</b> one u per sample, drawn by the caller in sample order from a seeded source (see
 * {@link #drawAncillaUniforms}); {@code u < 0} forces outcome 0 and {@code u ≥ 1} forces outcome 1 (used to replay
 * a recorded branch). Ignored in post-selection mode.
 *
 * <p><b>Execution:</b> samples are grouped by parameter set, cut into tiles of {@code lanes} samples that run in the
 * {@link StateBatch} lane layout, and tiles are claimed by the calling thread and {@code threads − 1} helper
 * threads. Each tile produces its own gradient; tiles are summed in a fixed order, so results are bit-identical for
 * any thread count. Close the denoiser to stop its helper threads.
 */
public final class Denoiser implements AutoCloseable {
  /**
   * Default tile width. 32 lanes measured fastest for the conditioned latent model (8 qubits: a 128 KiB state tile,
   * so ψ, λ and the saved copy stay L2-resident, perf-notes §6); a batch of 64 then makes one tile per core.
   */
  public static final int DEFAULT_LANES = 32;

  private final DenoiserSpec spec;
  private final int lanes;
  private final int threads;
  private final FusedCircuit s1;
  private final FusedCircuit x;
  private final FusedCircuit s2;
  private final ExecutorService executor;
  private final ConcurrentLinkedQueue<Workspace> workspaces = new ConcurrentLinkedQueue<>();

  /** A single-threaded denoiser with {@link #DEFAULT_LANES} lanes per tile. */
  public Denoiser(DenoiserSpec spec) {
    this(spec, DEFAULT_LANES, 1);
  }

  /**
   * @param lanes samples per tile (the lane width W of the state layout)
   * @param threads threads working on the tiles of a batch, the caller's included (1 = only the caller)
   */
  public Denoiser(DenoiserSpec spec, int lanes, int threads) {
    if (lanes < 1 || threads < 1) {
      throw new IllegalArgumentException("lanes and threads must be ≥ 1, got " + lanes + ", " + threads);
    }
    this.spec = spec;
    this.lanes = lanes;
    this.threads = threads;
    this.s1 = GateFusion.compile(spec.block().circuit(spec.wires(DenoiserBlock.S1), spec.s1Layers()));
    this.x = GateFusion.compile(spec.block().circuit(spec.wires(DenoiserBlock.X), spec.middleLayers()));
    this.s2 = GateFusion.compile(spec.block().circuit(spec.wires(DenoiserBlock.S2), spec.s2Layers()));
    // threads − 1 helpers: the calling thread works on tiles too (no idle caller, one hand-off fewer per step)
    this.executor = threads == 1 ? null : Executors.newFixedThreadPool(threads - 1, r -> {
      Thread t = new Thread(r, "qdm-denoiser");
      t.setDaemon(true);
      return t;
    });
  }

  public DenoiserSpec spec() {
    return spec;
  }

  public int parameterCount() {
    return spec.parameterCount();
  }

  /** The compiled circuit of a block (for export and inspection). */
  public FusedCircuit block(DenoiserBlock b) {
    return switch (b) {
      case S1 -> s1;
      case X -> x;
      case S2 -> s2;
    };
  }

  /** Draws one ancilla uniform per sample, in sample order. */
  public static double[] drawAncillaUniforms(int count, RandomGenerator rng) {
    double[] u = new double[count];
    for (int i = 0; i < count; i++) {
      u[i] = rng.nextDouble();
    }
    return u;
  }

  /**
   * Applies the denoiser to each input (no targets, no gradient).
   *
   * @param inputs normalised 2^n-vectors
   * @param labels per input, 0 ≤ label &lt; 2^k
   * @param timesteps per input, 0 ≤ t &lt; T
   * @param ancillaUniforms per input (see class javadoc); may be null in post-selection mode
   */
  public DenoiserEvaluation forward(double[] parameters, List<ComplexVector> inputs, int[] labels, int[] timesteps,
      double[] ancillaUniforms) {
    return run(parameters, inputs, null, labels, timesteps, ancillaUniforms, false, true);
  }

  /**
   * Loss 1 − mean_b |⟨target_b|out_b⟩|² and its exact gradient with respect to the whole parameter vector.
   *
   * @param ancillaUniforms per sample (see class javadoc); may be null in post-selection mode
   */
  public DenoiserEvaluation lossAndGradient(double[] parameters, List<TrainingSample> samples, double[] ancillaUniforms) {
    return evaluate(parameters, samples, ancillaUniforms, true, false);
  }

  /** Loss only (and fidelities, outcomes); same sampling rules as {@link #lossAndGradient}. */
  public DenoiserEvaluation loss(double[] parameters, List<TrainingSample> samples, double[] ancillaUniforms) {
    return evaluate(parameters, samples, ancillaUniforms, false, false);
  }

  /** Full evaluation with optional gradient and outputs. */
  public DenoiserEvaluation evaluate(double[] parameters, List<TrainingSample> samples, double[] ancillaUniforms,
      boolean withGradient, boolean withOutputs) {
    int b = samples.size();
    List<ComplexVector> inputs = new ArrayList<>(b);
    List<ComplexVector> targets = new ArrayList<>(b);
    int[] labels = new int[b];
    int[] timesteps = new int[b];
    for (int i = 0; i < b; i++) {
      TrainingSample s = samples.get(i);
      inputs.add(s.input());
      targets.add(s.target());
      labels[i] = s.label();
      timesteps[i] = s.timestep();
    }
    return run(parameters, inputs, targets, labels, timesteps, ancillaUniforms, withGradient, withOutputs);
  }

  private DenoiserEvaluation run(double[] parameters, List<ComplexVector> inputs, List<ComplexVector> targets,
      int[] labels, int[] timesteps, double[] uniforms, boolean withGradient, boolean withOutputs) {
    int batch = inputs.size();
    validate(parameters, inputs, targets, labels, timesteps, uniforms);
    if (batch == 0) {
      throw new IllegalArgumentException("empty batch");
    }
    // Group samples by parameter set, in ascending set then sample order; cut into tiles.
    int sets = spec.parameterSets();
    List<Tile> tiles = new ArrayList<>();
    BoundCircuit[][] bound = new BoundCircuit[sets][];
    for (int set = 0; set < sets; set++) {
      List<Integer> members = new ArrayList<>();
      for (int i = 0; i < batch; i++) {
        if (spec.parameterSet(timesteps[i]) == set) {
          members.add(i);
        }
      }
      if (members.isEmpty()) {
        continue;
      }
      int base = set * spec.parametersPerSet();
      bound[set] = new BoundCircuit[] {
          s1.bind(parameters, base + spec.blockOffsetInSet(DenoiserBlock.S1)),
          x.bind(parameters, base + spec.blockOffsetInSet(DenoiserBlock.X)),
          s2.bind(parameters, base + spec.blockOffsetInSet(DenoiserBlock.S2))};
      for (int from = 0; from < members.size(); from += lanes) {
        int[] idx = members.subList(from, Math.min(from + lanes, members.size())).stream().mapToInt(Integer::intValue).toArray();
        tiles.add(new Tile(set, idx));
      }
    }
    boolean hasTargets = targets != null;
    double weight = 1.0 / batch;
    TileResult[] results = new TileResult[tiles.size()];
    if (executor == null || tiles.size() == 1) {
      for (int i = 0; i < tiles.size(); i++) {
        results[i] = runTile(tiles.get(i), bound[tiles.get(i).set], inputs, targets, labels, uniforms, weight,
            withGradient && hasTargets, withOutputs);
      }
    } else {
      // Tiles are claimed from a shared counter by the caller and up to threads − 1 helpers; each result lands in
      // its tile's slot, so the reduction below sees the same order whoever computed what.
      AtomicInteger next = new AtomicInteger();
      List<Tile> tileList = tiles;
      Callable<Void> worker = () -> {
        for (int i = next.getAndIncrement(); i < tileList.size(); i = next.getAndIncrement()) {
          Tile tile = tileList.get(i);
          results[i] = runTile(tile, bound[tile.set], inputs, targets, labels, uniforms, weight,
              withGradient && hasTargets, withOutputs);
        }
        return null;
      };
      List<Future<Void>> helpers = new ArrayList<>();
      for (int h = 0; h < Math.min(threads - 1, tiles.size() - 1); h++) {
        helpers.add(executor.submit(worker));
      }
      RuntimeException failure = null;
      try {
        worker.call();
      } catch (RuntimeException e) {
        failure = e;
        next.set(tiles.size()); // stop the helpers from claiming more tiles
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
      try {
        for (Future<Void> f : helpers) {
          f.get();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while evaluating the denoiser", e);
      } catch (ExecutionException e) {
        if (failure == null) {
          failure = e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        }
      }
      if (failure != null) {
        throw failure;
      }
    }
    // Fixed-order reduction (tile order), independent of the thread count.
    double[] gradient = withGradient && hasTargets ? new double[spec.parameterCount()] : null;
    int[] outcomes = new int[batch];
    double[] fidelities = new double[batch];
    Arrays.fill(fidelities, Double.NaN);
    ComplexVector[] outputs = withOutputs ? new ComplexVector[batch] : null;
    for (int i = 0; i < tiles.size(); i++) {
      Tile tile = tiles.get(i);
      TileResult r = results[i];
      for (int l = 0; l < tile.samples.length; l++) {
        int s = tile.samples[l];
        outcomes[s] = r.outcomes[l];
        fidelities[s] = r.fidelities[l];
        if (outputs != null) {
          outputs[s] = r.outputs[l];
        }
      }
      if (gradient != null) {
        int base = tile.set * spec.parametersPerSet();
        for (int p = 0; p < r.gradient.length; p++) {
          gradient[base + p] += r.gradient[p];
        }
      }
    }
    double loss = Double.NaN;
    if (hasTargets) {
      double sum = 0;
      for (int s = 0; s < batch; s++) {
        sum += 1 - fidelities[s];
      }
      loss = sum / batch;
    }
    return new DenoiserEvaluation(outputs == null ? List.of() : List.of(outputs), outcomes, fidelities, loss, gradient);
  }

  private void validate(double[] parameters, List<ComplexVector> inputs, List<ComplexVector> targets, int[] labels,
      int[] timesteps, double[] uniforms) {
    if (parameters.length != spec.parameterCount()) {
      throw new IllegalArgumentException("parameters: expected " + spec.parameterCount() + ", got " + parameters.length);
    }
    int batch = inputs.size();
    if (labels.length != batch || timesteps.length != batch || (targets != null && targets.size() != batch)) {
      throw new IllegalArgumentException("inputs, targets, labels and timesteps must have the same length " + batch);
    }
    if (spec.ancillaMode() == AncillaMode.SAMPLED_MEASUREMENT && (uniforms == null || uniforms.length < batch)) {
      throw new IllegalArgumentException("sampled ancilla measurement needs one uniform per sample (" + batch + ")");
    }
    for (int i = 0; i < batch; i++) {
      if (inputs.get(i).length() != spec.dataDimension()) {
        throw new IllegalArgumentException("input " + i + " has " + inputs.get(i).length() + " amplitudes, expected " + spec.dataDimension());
      }
      if (targets != null && targets.get(i).length() != spec.dataDimension()) {
        throw new IllegalArgumentException("target " + i + " has " + targets.get(i).length() + " amplitudes, expected " + spec.dataDimension());
      }
      if (labels[i] < 0 || labels[i] >= spec.labelCount()) {
        throw new IllegalArgumentException("label " + labels[i] + " of sample " + i + " outside 0.." + (spec.labelCount() - 1));
      }
      spec.parameterSet(timesteps[i]);
    }
  }

  private record Tile(int set, int[] samples) {}

  private record TileResult(double[] gradient, int[] outcomes, double[] fidelities, ComplexVector[] outputs) {}

  /** Per-worker buffers, reused across tiles and calls (no allocation per gate). */
  private static final class Workspace {
    final StateBatch psi;
    final StateBatch lambda;
    final StateBatch saved;
    final double[] work;
    final double[] laneA;
    final double[] laneB;
    final double[] reductionNorm;
    final double[] outputNorm;
    final int[] outcome;
    final int[] label;
    final double[] outRe;
    final double[] outIm;
    final double[] cRe;
    final double[] cIm;
    final double[] weight;

    Workspace(int maxQubits, int lanes, int dataDim) {
      psi = new StateBatch(0, lanes, maxQubits);
      lambda = new StateBatch(0, lanes, maxQubits);
      saved = new StateBatch(0, lanes, maxQubits);
      work = new double[8 * lanes];
      laneA = new double[lanes];
      laneB = new double[lanes];
      reductionNorm = new double[lanes];
      outputNorm = new double[lanes];
      outcome = new int[lanes];
      label = new int[lanes];
      outRe = new double[dataDim * lanes];
      outIm = new double[dataDim * lanes];
      cRe = new double[lanes];
      cIm = new double[lanes];
      weight = new double[lanes];
    }
  }

  private TileResult runTile(Tile tile, BoundCircuit[] blocks, List<ComplexVector> inputs, List<ComplexVector> targets,
      int[] labels, double[] uniforms, double weight, boolean withGradient, boolean withOutputs) {
    Workspace ws = workspaces.poll();
    if (ws == null) {
      ws = new Workspace(spec.systemQubits() + 1, lanes, spec.dataDimension());
    }
    try {
      return computeTile(ws, tile, blocks, inputs, targets, labels, uniforms, weight, withGradient, withOutputs);
    } finally {
      workspaces.add(ws);
    }
  }

  private TileResult computeTile(Workspace ws, Tile tile, BoundCircuit[] blocks, List<ComplexVector> inputs,
      List<ComplexVector> targets, int[] labels, double[] uniforms, double weight, boolean withGradient,
      boolean withOutputs) {
    final int used = tile.samples.length;
    final int w = lanes;
    final int sys = spec.systemQubits();
    final int dataDim = spec.dataDimension();
    final StateBatch psi = ws.psi;
    final int off = psi.offset();
    // 1. Embed |label⟩⊗|x⟩. Unused lanes replay the tile's first sample with weight 0.
    psi.clear(sys);
    double[] re = psi.re();
    double[] im = psi.im();
    for (int l = 0; l < w; l++) {
      int s = tile.samples[l < used ? l : 0];
      ws.label[l] = labels[s];
      ws.weight[l] = l < used ? weight : 0.0;
      ComplexVector in = inputs.get(s);
      int base = labels[s] * dataDim;
      for (int j = 0; j < dataDim; j++) {
        re[off + (base + j) * w + l] = in.re(j);
        im[off + (base + j) * w + l] = in.im(j);
      }
    }
    boolean reverse = spec.architecture() == Architecture.REVERSE_BOTTLENECK;
    // 2. Blocks and the wire-0 reduction.
    blocks[0].apply(psi);
    if (reverse) {
      psi.appendAncillaZero();
      blocks[1].apply(psi);
      reduceWireZero(ws, tile, uniforms);
    } else {
      reduceWireZero(ws, tile, uniforms);
      blocks[1].apply(psi);
      psi.appendAncillaZero();
    }
    blocks[2].apply(psi);
    // 3. Label post-selection and renormalisation; fidelity with the target.
    re = psi.re();
    im = psi.im();
    Arrays.fill(ws.outputNorm, 0.0);
    for (int l = 0; l < w; l++) {
      int base = ws.label[l] * dataDim;
      double ns = 0;
      for (int j = 0; j < dataDim; j++) {
        double r = re[off + (base + j) * w + l];
        double m = im[off + (base + j) * w + l];
        ws.outRe[j * w + l] = r;
        ws.outIm[j * w + l] = m;
        ns += r * r + m * m;
      }
      double norm = Math.sqrt(ns);
      if (!(norm > 0)) {
        throw new IllegalStateException("label post-selection has probability 0 for sample " + tile.samples[Math.min(l, used - 1)]);
      }
      ws.outputNorm[l] = norm;
      for (int j = 0; j < dataDim; j++) {
        ws.outRe[j * w + l] /= norm;
        ws.outIm[j * w + l] /= norm;
      }
    }
    double[] fid = new double[used];
    ComplexVector[] outputs = withOutputs ? new ComplexVector[used] : null;
    for (int l = 0; l < used; l++) {
      if (outputs != null) {
        double[] r = new double[dataDim];
        double[] m = new double[dataDim];
        for (int j = 0; j < dataDim; j++) {
          r[j] = ws.outRe[j * w + l];
          m[j] = ws.outIm[j * w + l];
        }
        outputs[l] = new ComplexVector(r, m);
      }
    }
    if (targets != null) {
      for (int l = 0; l < w; l++) {
        ComplexVector y = targets.get(tile.samples[l < used ? l : 0]);
        double cr = 0, ci = 0;
        for (int j = 0; j < dataDim; j++) {
          double orr = ws.outRe[j * w + l], oi = ws.outIm[j * w + l];
          cr += y.re(j) * orr + y.im(j) * oi;
          ci += y.re(j) * oi - y.im(j) * orr;
        }
        ws.cRe[l] = cr;
        ws.cIm[l] = ci;
        if (l < used) {
          fid[l] = cr * cr + ci * ci;
        }
      }
    } else {
      Arrays.fill(fid, Double.NaN);
    }
    int[] outcomes = Arrays.copyOf(ws.outcome, used);
    if (!withGradient) {
      return new TileResult(null, outcomes, fid, outputs);
    }
    // 4. Backward (notes §11). g_out = −c·y·weight; normalisation backward; scatter into the label block.
    StateBatch lambda = ws.lambda;
    lambda.clear(sys);
    double[] lre = lambda.re();
    double[] lim = lambda.im();
    for (int l = 0; l < w; l++) {
      ComplexVector y = targets.get(tile.samples[l < used ? l : 0]);
      double cr = ws.cRe[l] * ws.weight[l], ci = ws.cIm[l] * ws.weight[l];
      // g_n = −c·y ; r = Re(n†g_n)
      double dot = 0;
      for (int j = 0; j < dataDim; j++) {
        double gr = -(cr * y.re(j) - ci * y.im(j));
        double gi = -(cr * y.im(j) + ci * y.re(j));
        dot += ws.outRe[j * w + l] * gr + ws.outIm[j * w + l] * gi;
      }
      int base = ws.label[l] * dataDim;
      double inv = 1.0 / ws.outputNorm[l];
      for (int j = 0; j < dataDim; j++) {
        double gr = -(cr * y.re(j) - ci * y.im(j));
        double gi = -(cr * y.im(j) + ci * y.re(j));
        lre[off + (base + j) * w + l] = (gr - ws.outRe[j * w + l] * dot) * inv;
        lim[off + (base + j) * w + l] = (gi - ws.outIm[j * w + l] * dot) * inv;
      }
    }
    double[] grad = new double[spec.parametersPerSet()];
    int offS1 = spec.blockOffsetInSet(DenoiserBlock.S1);
    int offX = spec.blockOffsetInSet(DenoiserBlock.X);
    int offS2 = spec.blockOffsetInSet(DenoiserBlock.S2);
    blocks[2].backward(psi, lambda, grad, offS2, ws.work);
    if (reverse) {
      reduceWireZeroBackward(ws);
      blocks[1].backward(psi, lambda, grad, offX, ws.work);
      psi.dropAncillaKeepZeroHalf();
      lambda.dropAncillaKeepZeroHalf();
    } else {
      psi.dropAncillaKeepZeroHalf();
      lambda.dropAncillaKeepZeroHalf();
      blocks[1].backward(psi, lambda, grad, offX, ws.work);
      reduceWireZeroBackward(ws);
    }
    blocks[0].backward(psi, lambda, grad, offS1, ws.work);
    return new TileResult(grad, outcomes, fid, outputs);
  }

  /** Keeps the measured/post-selected half of wire 0 and renormalises; saves the pre-reduction state for backward. */
  private void reduceWireZero(Workspace ws, Tile tile, double[] uniforms) {
    StateBatch psi = ws.psi;
    ws.saved.copyFrom(psi);
    int used = tile.samples.length;
    psi.wireZeroProbabilities(ws.laneA);
    psi.normsSquared(ws.laneB);
    for (int l = 0; l < lanes; l++) {
      if (spec.ancillaMode() == AncillaMode.POSTSELECT_ZERO) {
        ws.outcome[l] = 0;
      } else {
        double u = uniforms[tile.samples[l < used ? l : 0]];
        // p0 relative to the lane's norm (the state is normalised up to rounding here)
        double p0 = ws.laneA[l] / ws.laneB[l];
        ws.outcome[l] = u < p0 ? 0 : 1;
      }
    }
    psi.projectWireZero(ws.outcome);
    psi.normsSquared(ws.laneA);
    for (int l = 0; l < lanes; l++) {
      double norm = Math.sqrt(ws.laneA[l]);
      if (!(norm > 0)) {
        throw new IllegalStateException("kept ancilla branch " + ws.outcome[l] + " has probability 0 for sample "
            + tile.samples[Math.min(l, used - 1)]);
      }
      ws.reductionNorm[l] = norm;
      ws.laneB[l] = 1.0 / norm;
    }
    psi.scaleLanes(ws.laneB);
  }

  /**
   * Backward of {@link #reduceWireZero}: g_v = (g_n − n·Re(n†g_n))/‖v‖, then scatter into the kept half; the
   * state is restored from the saved copy.
   */
  private void reduceWireZeroBackward(Workspace ws) {
    StateBatch psi = ws.psi;
    StateBatch lambda = ws.lambda;
    psi.realInnerProducts(lambda, ws.laneA);
    lambda.subtractScaledLanes(psi, ws.laneA);
    for (int l = 0; l < lanes; l++) {
      ws.laneB[l] = 1.0 / ws.reductionNorm[l];
    }
    lambda.scaleLanes(ws.laneB);
    lambda.embedIntoWireZeroHalf(ws.outcome);
    psi.copyFrom(ws.saved);
  }

  @Override
  public void close() {
    if (executor != null) {
      executor.shutdownNow();
    }
  }
}
