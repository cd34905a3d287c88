package io.qdm.simulator.train;

import io.qdm.simulator.model.TrainingSample;
import io.qdm.simulator.state.ComplexVector;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The authors' training pairs (notes §2.1, {@code A:circuit_training.py}): for a latent x0 and step t,
 * target = √ᾱ[t]·x0 + (1 − ᾱ[t])·ε1 and input = √(1 − β[t+1])·target + β[t+1]·ε2 (the code's forms, not DDPM's),
 * with complex ε (re, im ~ N(0, 1)); both normalised afterwards. Each epoch shuffles the dataset and drops the last
 * incomplete batch ({@code drop_last=True}). All randomness derives from {@code seed} via {@link SeedSequence}.
 */
public final class LatentDiffusionPairs implements TrainingPairSource {
  private static final long SHUFFLE = 1;
  private static final long NOISE = 2;

  private final List<ComplexVector> latents;
  private final int[] labels;
  private final NoiseSchedule schedule;
  private final int batchSize;
  private final long seed;
  /** The last epoch's shuffle: every step of an epoch asks for it (2,048 draws, ~10 µs each time otherwise). */
  private volatile EpochOrder lastOrder;

  private record EpochOrder(int epoch, int[] order) {}

  /**
   * @param latents the x0 vectors (normalised)
   * @param labels their labels
   */
  public LatentDiffusionPairs(List<ComplexVector> latents, int[] labels, NoiseSchedule schedule, int batchSize, long seed) {
    if (latents.size() != labels.length || latents.size() < batchSize || batchSize < 1) {
      throw new IllegalArgumentException("need ≥ batchSize latents with one label each; got " + latents.size()
          + " latents, " + labels.length + " labels, batch " + batchSize);
    }
    this.latents = List.copyOf(latents);
    this.labels = labels.clone();
    this.schedule = schedule;
    this.batchSize = batchSize;
    this.seed = seed;
  }

  /**
   * Synthetic stand-in for the encoded MNIST latents: {@code count} unit-norm, non-negative real 2^n-vectors (as the
   * authors' encoder produces, notes §1.1) with labels uniform in 0..labelCount−1.
   */
  public static LatentDiffusionPairs synthetic(int count, int dataQubits, int labelCount, NoiseSchedule schedule,
      int batchSize, long seed) {
    SplittableRandom rng = SeedSequence.stream(seed, 0xDA7A);
    List<ComplexVector> x = new ArrayList<>();
    int[] labels = new int[count];
    for (int i = 0; i < count; i++) {
      double[] re = new double[1 << dataQubits];
      for (int j = 0; j < re.length; j++) {
        re[j] = Math.abs(gaussian(rng));
      }
      x.add(ComplexVector.ofReal(re).normalised());
      labels[i] = rng.nextInt(labelCount);
    }
    return new LatentDiffusionPairs(x, labels, schedule, batchSize, seed);
  }

  public NoiseSchedule schedule() {
    return schedule;
  }

  public long seed() {
    return seed;
  }

  @Override
  public int batchesPerEpoch() {
    return latents.size() / batchSize;
  }

  @Override
  public int batchSize() {
    return batchSize;
  }

  @Override
  public List<TrainingSample> pairs(int epoch, int batch, int timestep) {
    if (timestep < 0 || timestep >= schedule.timesteps()) {
      throw new IllegalArgumentException("timestep " + timestep + " outside 0.." + (schedule.timesteps() - 1));
    }
    int[] order = shuffled(epoch);
    SplittableRandom rng = SeedSequence.stream(seed, NOISE, epoch, batch, timestep);
    double signal = Math.sqrt(schedule.alphaBar(timestep));
    double noise = 1 - schedule.alphaBar(timestep);
    double keep = Math.sqrt(1 - schedule.beta(timestep + 1));
    double step = schedule.beta(timestep + 1);
    List<TrainingSample> out = new ArrayList<>(batchSize);
    for (int i = 0; i < batchSize; i++) {
      int idx = order[batch * batchSize + i];
      ComplexVector x0 = latents.get(idx);
      int d = x0.length();
      double[] tr = new double[d], ti = new double[d], ir = new double[d], ii = new double[d];
      for (int j = 0; j < d; j++) {
        tr[j] = signal * x0.re(j) + noise * gaussian(rng);
        ti[j] = signal * x0.im(j) + noise * gaussian(rng);
      }
      for (int j = 0; j < d; j++) {
        ir[j] = keep * tr[j] + step * gaussian(rng);
        ii[j] = keep * ti[j] + step * gaussian(rng);
      }
      out.add(new TrainingSample(new ComplexVector(ir, ii).normalised(), new ComplexVector(tr, ti).normalised(),
          labels[idx], timestep));
    }
    return out;
  }

  private int[] shuffled(int epoch) {
    EpochOrder cached = lastOrder;
    if (cached != null && cached.epoch == epoch) {
      return cached.order;
    }
    int[] order = shuffle(epoch);
    lastOrder = new EpochOrder(epoch, order);
    return order;
  }

  private int[] shuffle(int epoch) {
    SplittableRandom rng = SeedSequence.stream(seed, SHUFFLE, epoch);
    int[] order = new int[latents.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    for (int i = order.length - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return order;
  }

  /** Standard normal by Box–Muller (deterministic across JDKs, unlike relying on a library's algorithm). */
  static double gaussian(SplittableRandom rng) {
    double u1 = 1.0 - rng.nextDouble();
    double u2 = rng.nextDouble();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }
}
