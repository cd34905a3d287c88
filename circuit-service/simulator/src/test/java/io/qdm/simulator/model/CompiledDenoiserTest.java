package io.qdm.simulator.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qdm.simulator.DenseReference;
import io.qdm.simulator.circuit.BlockAnsatz;
import io.qdm.simulator.state.ComplexVector;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The folded sampling map against the gate-by-gate {@link Denoiser} it replaces in generation: same outputs to
 * rounding and the same ancilla branches, for both architectures, both ancilla modes, shared and per-timestep
 * parameters, conditioned and unconditioned; and per-sample bits independent of the batch.
 */
class CompiledDenoiserTest {
  /** Folding reorders the arithmetic (matrix products instead of gates): outputs agree to this, per amplitude. */
  static final double FOLDED_TOLERANCE = 1e-12;

  static List<DenoiserSpec> specs() {
    return List.of(
        DenoiserSpec.conditionedLatent(),
        new DenoiserSpec(3, 2, Architecture.BOTTLENECK, BlockAnsatz.STRONGLY_ENTANGLING, 3, 2, 3,
            AncillaMode.SAMPLED_MEASUREMENT, ParameterSharing.PER_TIMESTEP, 4),
        new DenoiserSpec(4, 0, Architecture.REVERSE_BOTTLENECK, BlockAnsatz.IDENTITY_R3, 2, 2, 2,
            AncillaMode.POSTSELECT_ZERO, ParameterSharing.PER_TIMESTEP, 3),
        new DenoiserSpec(2, 1, Architecture.BOTTLENECK, BlockAnsatz.STRONGLY_ENTANGLING, 2, 3, 2,
            AncillaMode.POSTSELECT_ZERO, ParameterSharing.SHARED, 5));
  }

  @Test
  void foldedForwardEqualsTheGateByGateDenoiser() {
    Random rng = new Random(41);
    int compared = 0;
    int branchOne = 0;
    for (DenoiserSpec spec : specs()) {
      double[] params = DenoiserTest.randomParams(spec, rng);
      int batch = 40;
      List<ComplexVector> inputs = new ArrayList<>();
      int[] labels = new int[batch];
      int[] timesteps = new int[batch];
      double[] u = new double[batch];
      for (int s = 0; s < batch; s++) {
        inputs.add(DenseReference.randomState(spec.dataDimension(), rng));
        labels[s] = rng.nextInt(spec.labelCount());
        timesteps[s] = rng.nextInt(spec.timesteps());
        u[s] = rng.nextDouble();
      }
      DenoiserEvaluation gates;
      try (Denoiser d = new Denoiser(spec, 8, 1)) {
        gates = d.forward(params, inputs, labels, timesteps, u);
      }
      CompiledDenoiser folded = CompiledDenoiser.compile(spec, params);
      DenoiserEvaluation fast = folded.forward(inputs, labels, timesteps, u);
      assertArrayEquals(gates.ancillaOutcomes(), fast.ancillaOutcomes(), spec.toString());
      for (int s = 0; s < batch; s++) {
        ComplexVector a = gates.outputs().get(s);
        ComplexVector b = fast.outputs().get(s);
        for (int k = 0; k < a.length(); k++) {
          assertEquals(a.re(k), b.re(k), FOLDED_TOLERANCE, spec + " sample " + s);
          assertEquals(a.im(k), b.im(k), FOLDED_TOLERANCE, spec + " sample " + s);
        }
        branchOne += fast.ancillaOutcomes()[s];
        compared++;
      }
    }
    assertEquals(4 * 40, compared);
    assertTrue(branchOne > 10, "both ancilla branches must be exercised, branch 1 taken " + branchOne + " times");
  }

  @Test
  void eachSamplesBitsAreIndependentOfTheBatch() {
    DenoiserSpec spec = DenoiserSpec.conditionedLatent();
    Random rng = new Random(3);
    CompiledDenoiser folded = CompiledDenoiser.compile(spec, DenoiserTest.randomParams(spec, rng));
    List<ComplexVector> inputs = new ArrayList<>();
    int n = 12;
    int[] labels = new int[n];
    int[] timesteps = new int[n];
    double[] u = new double[n];
    for (int s = 0; s < n; s++) {
      inputs.add(DenseReference.randomState(8, rng));
      labels[s] = s % 10;
      timesteps[s] = s % 8;
      u[s] = rng.nextDouble();
    }
    DenoiserEvaluation all = folded.forward(inputs, labels, timesteps, u);
    for (int s = 0; s < n; s++) {
      DenoiserEvaluation one = folded.forward(List.of(inputs.get(s)), new int[] {labels[s]}, new int[] {timesteps[s]},
          new double[] {u[s]});
      assertArrayEquals(all.outputs().get(s).re(), one.outputs().get(0).re());
      assertArrayEquals(all.outputs().get(s).im(), one.outputs().get(0).im());
      assertEquals(all.ancillaOutcomes()[s], one.ancillaOutcomes()[0]);
    }
  }

  @Test
  void sizesAndBadInput() {
    DenoiserSpec latent = DenoiserSpec.conditionedLatent();
    // 16 labels × (2 branches + G) × 8×8 × 16 B
    assertEquals(16L * 3 * 64 * 16, CompiledDenoiser.footprintBytes(latent));
    assertTrue(CompiledDenoiser.fits(latent));
    assertTrue(CompiledDenoiser.fits(DenoiserSpec.followUpPqc()));
    DenoiserSpec big = new DenoiserSpec(12, 0, Architecture.REVERSE_BOTTLENECK, BlockAnsatz.IDENTITY_R3, 2, 2, 2,
        AncillaMode.POSTSELECT_ZERO, ParameterSharing.PER_TIMESTEP, 10);
    assertFalse(CompiledDenoiser.fits(big));
    assertThrows(IllegalArgumentException.class, () -> CompiledDenoiser.compile(big, new double[big.parameterCount()]));
    CompiledDenoiser folded = CompiledDenoiser.compile(latent, new double[latent.parameterCount()]);
    ComplexVector x = DenseReference.randomState(8, new Random(1));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> folded.forward(List.of(x), new int[] {16}, new int[] {0}, new double[] {0.5}));
    assertTrue(e.getMessage().contains("label 16"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> folded.forward(List.of(x), new int[] {1}, new int[] {0}, new double[0]));
    assertTrue(e.getMessage().contains("uniform"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> folded.forward(List.of(DenseReference.randomState(4, new Random(2))), new int[] {1}, new int[] {0},
            new double[] {0.5}));
    assertTrue(e.getMessage().contains("amplitudes"), e.getMessage());
  }
}
