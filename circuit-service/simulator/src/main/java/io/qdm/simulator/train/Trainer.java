package io.qdm.simulator.train;

import io.qdm.simulator.model.AncillaMode;
import io.qdm.simulator.model.Denoiser;
import io.qdm.simulator.model.DenoiserEvaluation;
import io.qdm.simulator.model.TrainingSample;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Trains a {@link Denoiser} with the infidelity loss, Adam and a per-epoch StepLR (notes §4, §11).
 *
 * <p>Determinism: pairs come from a deterministic {@link TrainingPairSource}; the ancilla-measurement uniforms of a
 * step are drawn from {@link SeedSequence#stream}(seed, epoch, batch, timestep); the denoiser reduces gradients in a
 * fixed order. Hence the same seeds give bit-identical parameters for any thread count, and a run resumed from a
 * {@link Checkpoint} continues exactly as if it had not stopped.
 */
public final class Trainer {
  private static final long ANCILLA = 3;

  private final Denoiser denoiser;
  private final TrainingConfig config;
  private final TrainingPairSource source;
  private final double[] parameters;
  private final AdamOptimizer adam;
  private int epoch;
  private int batch;
  private int timestep;
  private double lastLoss = Double.NaN;

  /** A fresh run from {@code initialParameters}. */
  public Trainer(Denoiser denoiser, TrainingConfig config, TrainingPairSource source, double[] initialParameters) {
    this(denoiser, config, source, initialParameters, new AdamOptimizer(initialParameters.length, config.weightDecay()), 0, 0, 0);
  }

  private Trainer(Denoiser denoiser, TrainingConfig config, TrainingPairSource source, double[] parameters,
      AdamOptimizer adam, int epoch, int batch, int timestep) {
    if (parameters.length != denoiser.parameterCount()) {
      throw new IllegalArgumentException("parameters: expected " + denoiser.parameterCount() + ", got " + parameters.length);
    }
    this.denoiser = denoiser;
    this.config = config;
    this.source = source;
    this.parameters = parameters.clone();
    this.adam = adam;
    this.epoch = epoch;
    this.batch = batch;
    this.timestep = timestep;
  }

  /** Continues the run saved in {@code checkpoint}; the denoiser's spec must equal the checkpoint's. */
  public static Trainer resume(Denoiser denoiser, TrainingPairSource source, Checkpoint checkpoint) {
    if (!denoiser.spec().equals(checkpoint.spec())) {
      throw new IllegalArgumentException("checkpoint is for " + checkpoint.spec() + ", denoiser is " + denoiser.spec());
    }
    return new Trainer(denoiser, checkpoint.config(), source, checkpoint.parameters(),
        new AdamOptimizer(checkpoint.adamFirstMoment(), checkpoint.adamSecondMoment(), checkpoint.adamStep(),
            checkpoint.config().weightDecay()), checkpoint.epoch(), checkpoint.batch(), checkpoint.timestep());
  }

  /**
   * Trains until {@code untilEpoch} epochs are complete (or the listener returns false).
   *
   * <p>The next step's pairs and ancilla uniforms are drawn on a helper thread while the current step runs. They
   * depend only on (seed, epoch, batch, timestep), so this changes no result; it takes their ~0.1–0.2 ms per step
   * off the serial path, where the denoiser's second thread would otherwise wait (binding the circuits is serial
   * too, and the helper's work overlaps it).
   *
   * @return true when the target was reached, false when cancelled
   */
  public boolean train(int untilEpoch, TrainingListener listener) {
    int timesteps = denoiser.spec().timesteps();
    boolean perTimestep = perTimestep();
    long start = System.nanoTime();
    long samples = 0;
    long stepsTotal = (long) Math.max(0, untilEpoch - epoch) * source.batchesPerEpoch() * (perTimestep ? timesteps : 1)
        - (long) batch * (perTimestep ? timesteps : 1) - (perTimestep ? timestep : 0);
    long stepsDone = 0;
    ExecutorService prefetch = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "qdm-trainer-pairs");
      t.setDaemon(true);
      return t;
    });
    try {
      Future<StepInput> next = null;
      while (epoch < untilEpoch) {
        double lr = config.learningRate().lr(epoch);
        StepPosition current = new StepPosition(epoch, batch, timestep);
        StepInput input = next != null ? await(next) : stepInput(current);
        StepPosition following = following(current);
        next = following.epoch() < untilEpoch ? prefetch.submit(() -> stepInput(following)) : null;
        DenoiserEvaluation e = denoiser.lossAndGradient(parameters, input.samples(), input.uniforms());
        adam.step(parameters, e.gradient(), lr);
        lastLoss = e.loss();
        samples += input.samples().size();
        stepsDone++;
        int reportedEpoch = epoch;
        epoch = following.epoch();
        batch = following.batch();
        timestep = following.timestep();
        double elapsed = (System.nanoTime() - start) / 1e9;
        double eta = elapsed / stepsDone * Math.max(0, stepsTotal - stepsDone);
        if (listener != null && !listener.onStep(new TrainingProgress(reportedEpoch, adam.stepCount(), lastLoss, lr,
            samples / Math.max(elapsed, 1e-9), eta))) {
          return epoch >= untilEpoch;
        }
      }
      return true;
    } finally {
      prefetch.shutdownNow();
    }
  }

  /** Where a step is in the run (the timestep is 0 when all timesteps go in one step). */
  private record StepPosition(int epoch, int batch, int timestep) {}

  /** One step's training pairs and ancilla uniforms (a pure function of the step's position and the seeds). */
  private record StepInput(List<TrainingSample> samples, double[] uniforms) {}

  private boolean perTimestep() {
    return config.pattern() == UpdatePattern.ONE_STEP_PER_TIMESTEP;
  }

  private StepInput stepInput(StepPosition at) {
    if (perTimestep()) {
      List<TrainingSample> stepSamples = source.pairs(at.epoch(), at.batch(), at.timestep());
      return new StepInput(stepSamples, uniforms(stepSamples.size(), at.epoch(), at.batch(), at.timestep()));
    }
    List<TrainingSample> stepSamples = new ArrayList<>();
    for (int t = 0; t < denoiser.spec().timesteps(); t++) {
      stepSamples.addAll(source.pairs(at.epoch(), at.batch(), t));
    }
    return new StepInput(stepSamples, uniforms(stepSamples.size(), at.epoch(), at.batch(), -1));
  }

  private static StepInput await(Future<StepInput> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while preparing a training step", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException("preparing a training step failed", e.getCause());
    }
  }

  /** The step after the given one. */
  private StepPosition following(StepPosition at) {
    if (perTimestep() && at.timestep() + 1 < denoiser.spec().timesteps()) {
      return new StepPosition(at.epoch(), at.batch(), at.timestep() + 1);
    }
    if (at.batch() + 1 < source.batchesPerEpoch()) {
      return new StepPosition(at.epoch(), at.batch() + 1, 0);
    }
    return new StepPosition(at.epoch() + 1, 0, 0);
  }

  private double[] uniforms(int count, int atEpoch, int atBatch, int t) {
    if (denoiser.spec().ancillaMode() == AncillaMode.POSTSELECT_ZERO) {
      return null;
    }
    SplittableRandom rng = SeedSequence.stream(config.seed(), ANCILLA, atEpoch, atBatch, t);
    double[] u = new double[count];
    for (int i = 0; i < count; i++) {
      u[i] = rng.nextDouble();
    }
    return u;
  }

  /** A copy of the current parameters. */
  public double[] parameters() {
    return parameters.clone();
  }

  /** Completed epochs (the epoch the next step belongs to). */
  public int epoch() {
    return epoch;
  }

  /** Loss of the last step (NaN before the first). */
  public double lastLoss() {
    return lastLoss;
  }

  /** Everything needed to resume; {@code dataSeed} and {@code schedule} describe the pair source for the record. */
  public Checkpoint checkpoint(long dataSeed, NoiseSchedule schedule) {
    return new Checkpoint(denoiser.spec(), config, parameters.clone(), adam.firstMoment(), adam.secondMoment(),
        adam.stepCount(), epoch, batch, timestep, dataSeed, schedule, lastLoss);
  }
}
