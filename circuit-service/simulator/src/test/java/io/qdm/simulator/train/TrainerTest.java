package io.qdm.simulator.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qdm.simulator.Tolerance;
import io.qdm.simulator.circuit.BlockAnsatz;
import io.qdm.simulator.model.AncillaMode;
import io.qdm.simulator.model.Architecture;
import io.qdm.simulator.model.Denoiser;
import io.qdm.simulator.model.DenoiserSpec;
import io.qdm.simulator.model.ParameterSharing;
import io.qdm.simulator.model.TrainingSample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerTest {
  /** A small conditioned SEL model with the authors' structure (fast enough for unit tests). */
  static final DenoiserSpec SMALL = new DenoiserSpec(3, 4, Architecture.REVERSE_BOTTLENECK, BlockAnsatz.STRONGLY_ENTANGLING,
      2, 3, 2, AncillaMode.SAMPLED_MEASUREMENT, ParameterSharing.SHARED, 8);

  @Test
  void authorsScheduleMatchesTheTableOfTheNotes() {
    NoiseSchedule s = NoiseSchedule.authorsLatent();
    assertEquals(0.0040, s.beta(0), 1e-12);
    assertEquals(0.0535, s.beta(1), 1e-12);
    assertEquals(0.4, s.beta(8), 0.0);
    assertEquals(0.9960, s.alphaBar(0), 1e-12);
    assertEquals(0.9427, s.alphaBar(1), 5e-5);
    assertEquals(0.1166, s.alphaBar(8), 5e-5);
  }

  @Test
  void pairsFollowTheAuthorsFormulasAndAreNormalised() {
    LatentDiffusionPairs pairs = LatentDiffusionPairs.synthetic(128, 3, 10, NoiseSchedule.authorsLatent(), 64, 7);
    assertEquals(2, pairs.batchesPerEpoch());
    List<TrainingSample> a = pairs.pairs(0, 1, 3);
    assertEquals(64, a.size());
    for (TrainingSample s : a) {
      assertEquals(1.0, s.input().normSquared(), Tolerance.AMPLITUDE);
      assertEquals(1.0, s.target().normSquared(), Tolerance.AMPLITUDE);
      assertEquals(3, s.timestep());
    }
    assertEquals(a, pairs.pairs(0, 1, 3), "deterministic in (epoch, batch, timestep)");
    // at t = 0 the target is ~x0 (signal/noise ≈ 62): its overlap with some latent is close to 1
    TrainingSample early = pairs.pairs(0, 0, 0).get(0);
    assertTrue(early.target().fidelity(early.input()) > 0.5);
  }

  @Test
  void adamMatchesTorchOnTwoHandComputedSteps() {
    AdamOptimizer adam = new AdamOptimizer(1, 0.0);
    double[] p = {1.0};
    adam.step(p, new double[] {0.5}, 0.1);
    // step 1: m̂ = g, v̂ = g², update = lr·g/(|g| + ε)
    assertEquals(1.0 - 0.1 * 0.5 / (0.5 + 1e-8), p[0], 1e-15);
    adam.step(p, new double[] {-0.25}, 0.1);
    double m = 0.9 * 0.05 + 0.1 * -0.25;
    double v = 0.999 * 0.00025 + 0.001 * 0.0625;
    double expected = 1.0 - 0.1 * 0.5 / (0.5 + 1e-8) - 0.1 * (m / (1 - 0.81)) / (Math.sqrt(v / (1 - 0.999 * 0.999)) + 1e-8);
    assertEquals(expected, p[0], 1e-15);
  }

  @Test
  void stepLrDecaysEveryStepSizeEpochs() {
    StepLrSchedule s = StepLrSchedule.authorsLatent();
    assertEquals(5e-4, s.lr(19), 0.0);
    assertEquals(5e-4 * 0.7, s.lr(20), 1e-20);
    assertEquals(5e-4 * 0.7 * 0.7, s.lr(45), 1e-20);
  }

  @Test
  void initialisationsAreSeededAndInRange() {
    double[] u = ParameterInit.uniformAngles(1000, 3);
    assertArrayEquals(u, ParameterInit.uniformAngles(1000, 3));
    for (double x : u) {
      assertTrue(x >= 0 && x < 2 * Math.PI);
    }
    double[] n = ParameterInit.normal(20000, 0.7, 3);
    double mean = 0, var = 0;
    for (double x : n) {
      mean += x / n.length;
    }
    for (double x : n) {
      var += (x - mean) * (x - mean) / n.length;
    }
    assertEquals(0.0, mean, 0.02);
    assertEquals(0.49, var, 0.02);
  }

  @Test
  void trainingLowersTheLossAndReportsProgress() {
    LatentDiffusionPairs pairs = LatentDiffusionPairs.synthetic(64, 3, 10, NoiseSchedule.authorsLatent(), 16, 11);
    try (Denoiser d = new Denoiser(SMALL)) {
      double[] init = ParameterInit.uniformAngles(SMALL.parameterCount(), 1);
      TrainingConfig cfg = new TrainingConfig(new StepLrSchedule(0.05, 20, 0.7), 0.0, UpdatePattern.ONE_STEP_PER_TIMESTEP, 5);
      Trainer t = new Trainer(d, cfg, pairs, init);
      List<TrainingProgress> seen = new ArrayList<>();
      assertTrue(t.train(3, seen::add));
      assertEquals(3 * 4 * 8, seen.size(), "one step per timestep per batch");
      assertEquals(96, seen.get(95).step());
      double first = seen.subList(0, 8).stream().mapToDouble(TrainingProgress::loss).average().orElseThrow();
      double last = seen.subList(88, 96).stream().mapToDouble(TrainingProgress::loss).average().orElseThrow();
      assertTrue(last < first, "loss should fall: " + first + " -> " + last);
      assertTrue(seen.get(0).samplesPerSecond() > 0);
      assertEquals(0.0, seen.get(95).etaSeconds(), 0.0);
    }
  }

  @Test
  void followUpPatternTakesOneStepPerBatch() {
    DenoiserSpec spec = new DenoiserSpec(3, 0, Architecture.REVERSE_BOTTLENECK, BlockAnsatz.IDENTITY_R3, 2, 2, 2,
        AncillaMode.POSTSELECT_ZERO, ParameterSharing.PER_TIMESTEP, 8);
    LatentDiffusionPairs pairs = LatentDiffusionPairs.synthetic(32, 3, 1, NoiseSchedule.authorsLatent(), 16, 11);
    try (Denoiser d = new Denoiser(spec)) {
      Trainer t = new Trainer(d, new TrainingConfig(new StepLrSchedule(0.01, 10, 0.97), 1e-5,
          UpdatePattern.ALL_TIMESTEPS_ONE_STEP, 1), pairs, ParameterInit.normal(spec.parameterCount(), 0.7, 2));
      List<TrainingProgress> seen = new ArrayList<>();
      t.train(1, seen::add);
      assertEquals(2, seen.size());
    }
  }

  @Test
  void resumedTrainingIsBitIdenticalAndThreadCountDoesNotMatter(@TempDir Path dir) throws IOException {
    LatentDiffusionPairs pairs = LatentDiffusionPairs.synthetic(64, 3, 10, NoiseSchedule.authorsLatent(), 16, 21);
    double[] init = ParameterInit.uniformAngles(SMALL.parameterCount(), 4);
    TrainingConfig cfg = TrainingConfig.authorsLatent(99);
    double[] straight;
    try (Denoiser d = new Denoiser(SMALL, 4, 1)) {
      Trainer t = new Trainer(d, cfg, pairs, init);
      t.train(2, null);
      straight = t.parameters();
    }
    Path file = dir.resolve("ckpt.json");
    try (Denoiser d = new Denoiser(SMALL, 4, 2)) {
      Trainer t = new Trainer(d, cfg, pairs, init);
      t.train(1, null);
      t.checkpoint(pairs.seed(), pairs.schedule()).write(file);
    }
    Checkpoint loaded = Checkpoint.read(file);
    assertEquals(1, loaded.epoch());
    assertEquals(SMALL, loaded.spec());
    try (Denoiser d = new Denoiser(SMALL, 4, 2)) {
      Trainer t = Trainer.resume(d, pairs, loaded);
      t.train(2, null);
      assertArrayEquals(straight, t.parameters(), "2 epochs straight == 1 + save/load + 1, across 1 vs 2 threads");
    }
  }

  @Test
  void cancellationStopsAfterTheCurrentStepAndResumesMidEpoch(@TempDir Path dir) throws IOException {
    LatentDiffusionPairs pairs = LatentDiffusionPairs.synthetic(32, 3, 10, NoiseSchedule.authorsLatent(), 16, 3);
    double[] init = ParameterInit.uniformAngles(SMALL.parameterCount(), 5);
    TrainingConfig cfg = TrainingConfig.authorsLatent(1);
    double[] straight;
    try (Denoiser d = new Denoiser(SMALL)) {
      Trainer t = new Trainer(d, cfg, pairs, init);
      t.train(1, null);
      straight = t.parameters();
    }
    try (Denoiser d = new Denoiser(SMALL)) {
      Trainer t = new Trainer(d, cfg, pairs, init);
      assertFalse(t.train(1, p -> p.step() < 5));
      Checkpoint c = Checkpoint.fromJson(t.checkpoint(pairs.seed(), pairs.schedule()).toJson());
      assertEquals(5, c.adamStep());
      assertEquals(5, c.timestep());
      Trainer r = Trainer.resume(d, pairs, c);
      assertTrue(r.train(1, null));
      assertArrayEquals(straight, r.parameters());
    }
  }

  @Test
  void checkpointRejectsForeignFiles() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Checkpoint.fromJson("{\"format\": \"x\"}"));
    assertTrue(e.getMessage().contains("qdm-denoiser-checkpoint"));
  }

  @Test
  void checkpointJsonHasTheDocumentedShape(@TempDir Path dir) throws IOException {
    try (Denoiser d = new Denoiser(DenoiserSpec.conditionedLatent())) {
      Trainer t = new Trainer(d, TrainingConfig.authorsLatent(1), LatentDiffusionPairs.synthetic(64, 3, 10,
          NoiseSchedule.authorsLatent(), 64, 1), ParameterInit.uniformAngles(1110, 1));
      Path f = dir.resolve("c.json");
      t.checkpoint(1, NoiseSchedule.authorsLatent()).write(f);
      String json = Files.readString(f);
      assertTrue(json.contains("\"shape\": [15, 7, 3]"));
      assertTrue(json.contains("\"shape\": [20, 8, 3]"));
      assertTrue(json.contains("\"parameter_count\": 1110"));
      Checkpoint c = Checkpoint.read(f);
      assertArrayEquals(ParameterInit.uniformAngles(1110, 1), c.parameters());
    }
  }
}
