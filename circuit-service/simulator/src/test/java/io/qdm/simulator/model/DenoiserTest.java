package io.qdm.simulator.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qdm.simulator.DenseReference;
import io.qdm.simulator.Tolerance;
import io.qdm.simulator.circuit.BlockAnsatz;
import io.qdm.simulator.state.ComplexVector;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DenoiserTest {

  @Test
  void conditionedLatentModelHasExactly1110Parameters() {
    DenoiserSpec spec = DenoiserSpec.conditionedLatent();
    assertEquals(1110, spec.parameterCount());
    assertEquals(315, spec.blockParameterCount(DenoiserBlock.S1));
    assertEquals(480, spec.blockParameterCount(DenoiserBlock.X));
    assertEquals(315, spec.blockParameterCount(DenoiserBlock.S2));
    assertEquals(8, spec.middleQubits());
  }

  @Test
  void followUpPqcHas1500Parameters() {
    DenoiserSpec spec = DenoiserSpec.followUpPqc();
    assertEquals(1500, spec.parameterCount());
    assertEquals(150, spec.parametersPerSet());
    assertEquals(3 * 150, spec.parameterOffset(3, DenoiserBlock.S1));
  }

  /** Every architecture × ansatz × ancilla mode × label register × sharing: forward vs dense reference, adjoint vs FD. */
  @Test
  void adjointGradientMatchesFiniteDifferencesForEveryVariant() {
    Random rng = new Random(2024);
    int variants = 0;
    double worst = 0;
    for (Architecture arch : Architecture.values()) {
      for (BlockAnsatz block : BlockAnsatz.values()) {
        for (AncillaMode mode : AncillaMode.values()) {
          for (int labelQubits : new int[] {0, 2}) {
            for (ParameterSharing sharing : ParameterSharing.values()) {
              DenoiserSpec spec = new DenoiserSpec(2, labelQubits, arch, block, 2, 2, 2, mode, sharing, 3);
              worst = Math.max(worst, checkVariant(spec, rng, 5));
              variants++;
            }
          }
        }
      }
    }
    assertEquals(2 * 2 * 2 * 2 * 2, variants);
    assertTrue(worst <= Tolerance.FINITE_DIFFERENCE_RELATIVE, "worst relative error " + worst);
  }

  @Test
  void adjointGradientOfTheFullConditionedLatentModel() {
    double err = checkVariant(DenoiserSpec.conditionedLatent(), new Random(11), 3);
    assertTrue(err <= Tolerance.FINITE_DIFFERENCE_RELATIVE, "relative error " + err);
  }

  @Test
  void resultsAreBitIdenticalForAnyThreadCountAndIndependentOfTiling() {
    DenoiserSpec spec = DenoiserSpec.conditionedLatent();
    Random rng = new Random(5);
    double[] params = randomParams(spec, rng);
    List<TrainingSample> samples = randomSamples(spec, rng, 37);
    double[] u = Denoiser.drawAncillaUniforms(samples.size(), new Random(9));
    DenoiserEvaluation one;
    DenoiserEvaluation two;
    try (Denoiser d1 = new Denoiser(spec, 8, 1); Denoiser d2 = new Denoiser(spec, 8, 2)) {
      one = d1.lossAndGradient(params, samples, u);
      two = d2.lossAndGradient(params, samples, u);
    }
    assertArrayEquals(one.gradient(), two.gradient());
    assertEquals(one.loss(), two.loss(), 0.0);
    // a different tile width changes only the summation order: equal to rounding
    try (Denoiser d3 = new Denoiser(spec, 3, 1)) {
      DenoiserEvaluation three = d3.lossAndGradient(params, samples, u);
      assertTrue(Tolerance.normwiseRelativeError(three.gradient(), one.gradient()) < 1e-13);
      assertArrayEquals(one.ancillaOutcomes(), three.ancillaOutcomes());
    }
  }

  /**
   * circuit-service relies on this: a sample's output (and its fidelity and ancilla outcome) is bit-identical
   * whatever batch it is in, at whatever position, for any lane width and thread count. Only the batch gradient's
   * summation order depends on the tiling.
   */
  @Test
  void eachSamplesOutputIsBitIdenticalInAnyBatchPositionTilingAndThreadCount() {
    DenoiserSpec spec = DenoiserSpec.conditionedLatent();
    Random rng = new Random(21);
    double[] params = randomParams(spec, rng);
    List<TrainingSample> samples = randomSamples(spec, rng, 37);
    double[] u = Denoiser.drawAncillaUniforms(samples.size(), new Random(4));
    DenoiserEvaluation all;
    try (Denoiser d = new Denoiser(spec, Denoiser.DEFAULT_LANES, 1)) {
      all = d.evaluate(params, samples, u, true, true);
    }
    int compared = 0;
    for (int[] tiling : new int[][] {{1, 1}, {3, 2}, {4, 1}, {8, 2}, {32, 2}, {64, 2}}) {
      try (Denoiser d = new Denoiser(spec, tiling[0], tiling[1])) {
        // every sample alone, and the batch reversed (other positions, other tile neighbours)
        for (int s = 0; s < samples.size(); s += 5) {
          DenoiserEvaluation one = d.evaluate(params, List.of(samples.get(s)), new double[] {u[s]}, false, true);
          assertSameSample(all, s, one, 0);
          compared++;
        }
        List<TrainingSample> reversed = new ArrayList<>(samples);
        java.util.Collections.reverse(reversed);
        double[] ur = new double[u.length];
        for (int s = 0; s < u.length; s++) {
          ur[s] = u[u.length - 1 - s];
        }
        DenoiserEvaluation rev = d.evaluate(params, reversed, ur, false, true);
        for (int s = 0; s < samples.size(); s++) {
          assertSameSample(all, s, rev, samples.size() - 1 - s);
          compared++;
        }
      }
    }
    assertEquals(6 * (8 + 37), compared);
  }

  private static void assertSameSample(DenoiserEvaluation a, int i, DenoiserEvaluation b, int j) {
    assertEquals(a.ancillaOutcomes()[i], b.ancillaOutcomes()[j]);
    assertEquals(a.fidelities()[i], b.fidelities()[j], 0.0);
    ComplexVector x = a.outputs().get(i);
    ComplexVector y = b.outputs().get(j);
    for (int k = 0; k < x.length(); k++) {
      assertEquals(x.re(k), y.re(k), 0.0, "re " + k);
      assertEquals(x.im(k), y.im(k), 0.0, "im " + k);
    }
  }

  @Test
  void badInputThrowsNamingTheProblem() {
    DenoiserSpec spec = DenoiserSpec.conditionedLatent();
    try (Denoiser d = new Denoiser(spec)) {
      double[] p = new double[spec.parameterCount()];
      List<ComplexVector> in = List.of(ComplexVector.basis(8, 0));
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> d.forward(p, in, new int[] {16}, new int[] {0}, new double[] {0.5}));
      assertTrue(e.getMessage().contains("label 16"));
      e = assertThrows(IllegalArgumentException.class,
          () -> d.forward(p, List.of(ComplexVector.basis(4, 0)), new int[] {1}, new int[] {0}, new double[] {0.5}));
      assertTrue(e.getMessage().contains("amplitudes"));
      e = assertThrows(IllegalArgumentException.class,
          () -> d.forward(new double[3], in, new int[] {1}, new int[] {0}, new double[] {0.5}));
      assertTrue(e.getMessage().contains("parameters"));
    }
    assertThrows(IllegalArgumentException.class, () -> new DenoiserSpec(3, 0, Architecture.REVERSE_BOTTLENECK,
        BlockAnsatz.IDENTITY_R3, 3, 2, 2, AncillaMode.POSTSELECT_ZERO, ParameterSharing.SHARED, 1));
  }

  /** Returns the norm-wise relative error; also asserts the forward pass against the dense reference. */
  static double checkVariant(DenoiserSpec spec, Random rng, int batch) {
    double[] params = randomParams(spec, rng);
    List<TrainingSample> samples = randomSamples(spec, rng, batch);
    double[] u = Denoiser.drawAncillaUniforms(batch, rng);
    try (Denoiser d = new Denoiser(spec, 4, 1)) {
      DenoiserEvaluation base = d.evaluate(params, samples, u, true, true);
      // replay the sampled branches so finite differences never cross a measurement threshold
      double[] forced = new double[batch];
      double fidelitySum = 0;
      for (int b = 0; b < batch; b++) {
        forced[b] = base.ancillaOutcomes()[b] == 0 ? -1.0 : 2.0;
        TrainingSample s = samples.get(b);
        ComplexVector ref = DenseDenoiserReference.forward(spec, params, s.input(), s.label(), s.timestep(),
            base.ancillaOutcomes()[b]);
        ComplexVector out = base.outputs().get(b);
        for (int j = 0; j < ref.length(); j++) {
          assertEquals(ref.re(j), out.re(j), Tolerance.AMPLITUDE, spec + " output re " + j);
          assertEquals(ref.im(j), out.im(j), Tolerance.AMPLITUDE, spec + " output im " + j);
        }
        fidelitySum += ref.fidelity(s.target());
      }
      assertEquals(1 - fidelitySum / batch, base.loss(), Tolerance.AMPLITUDE);
      double h = Tolerance.FINITE_DIFFERENCE_STEP;
      double[] fd = new double[params.length];
      for (int p = 0; p < params.length; p++) {
        double keep = params[p];
        params[p] = keep + h;
        double up = d.loss(params, samples, forced).loss();
        params[p] = keep - h;
        double down = d.loss(params, samples, forced).loss();
        params[p] = keep;
        fd[p] = (up - down) / (2 * h);
      }
      return Tolerance.normwiseRelativeError(base.gradient(), fd);
    }
  }

  static double[] randomParams(DenoiserSpec spec, Random rng) {
    double[] p = new double[spec.parameterCount()];
    for (int i = 0; i < p.length; i++) {
      p[i] = rng.nextDouble() * 2 * Math.PI;
    }
    return p;
  }

  static List<TrainingSample> randomSamples(DenoiserSpec spec, Random rng, int batch) {
    List<TrainingSample> out = new ArrayList<>();
    for (int b = 0; b < batch; b++) {
      out.add(new TrainingSample(DenseReference.randomState(spec.dataDimension(), rng),
          DenseReference.randomState(spec.dataDimension(), rng), rng.nextInt(spec.labelCount()),
          rng.nextInt(spec.timesteps())));
    }
    return out;
  }
}
