package io.qdm.simulator.fusion;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.qdm.simulator.DenseReference;
import io.qdm.simulator.Tolerance;
import io.qdm.simulator.circuit.Circuit;
import io.qdm.simulator.gate.Gate;
import io.qdm.simulator.gate.GateKind;
import io.qdm.simulator.gradient.AdjointGradient;
import io.qdm.simulator.gradient.CircuitObjective;
import io.qdm.simulator.state.ComplexVector;
import io.qdm.simulator.state.StateBatch;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The closed-form binding of a lone Rot/R3 step ({@code BoundCircuit.bindRotation}) against the dense reference
 * (forward) and central finite differences (adjoint gradient), for every pattern of trainable and fixed parameters.
 */
class BoundCircuitTest {

  @Test
  void closedFormRotationsMatchDenseReferenceAndFiniteDifferencesForEveryTrainableMask() {
    Random rng = new Random(17);
    int variants = 0;
    for (GateKind kind : new GateKind[] {GateKind.ROT, GateKind.R3}) {
      for (int mask = 0; mask < 8; mask++) {
        int slot = 0;
        int[] slots = new int[3];
        double[] constants = new double[3];
        for (int j = 0; j < 3; j++) {
          slots[j] = (mask & (1 << j)) != 0 ? slot++ : -1;
          constants[j] = rng.nextDouble() * 2 * Math.PI;
        }
        // one lone rotation per wire between CNOT runs, so every rotation takes the closed-form path
        Circuit c = new Circuit(2, slot, List.of(
            new Gate(kind, new int[] {0}, slots, constants),
            Gate.fixed(GateKind.CNOT, new int[] {0, 1}),
            new Gate(kind, new int[] {1}, slots, constants),
            Gate.fixed(GateKind.CNOT, new int[] {1, 0})));
        double[] params = new double[slot];
        for (int p = 0; p < slot; p++) {
          params[p] = rng.nextDouble() * 2 * Math.PI;
        }
        ComplexVector in = DenseReference.randomState(4, rng);
        StateBatch s = StateBatch.of(in);
        GateFusion.compile(c).bind(params, 0).apply(s);
        ComplexVector expected = DenseReference.run(c, params, in);
        for (int a = 0; a < 4; a++) {
          assertEquals(expected.re(a), s.lane(0).re(a), Tolerance.AMPLITUDE, kind + " mask " + mask);
          assertEquals(expected.im(a), s.lane(0).im(a), Tolerance.AMPLITUDE, kind + " mask " + mask);
        }
        CircuitObjective f = CircuitObjective.fidelity(DenseReference.randomState(4, rng));
        double[] adjoint = AdjointGradient.gradient(c, params, in, f);
        double[] fd = new double[slot];
        double h = Tolerance.FINITE_DIFFERENCE_STEP;
        for (int p = 0; p < slot; p++) {
          double keep = params[p];
          params[p] = keep + h;
          double up = f.value(DenseReference.run(c, params, in));
          params[p] = keep - h;
          double down = f.value(DenseReference.run(c, params, in));
          params[p] = keep;
          fd[p] = (up - down) / (2 * h);
        }
        if (slot > 0) {
          double err = Tolerance.normwiseRelativeError(adjoint, fd);
          assertEquals(0.0, err, Tolerance.FINITE_DIFFERENCE_RELATIVE, kind + " mask " + mask);
        }
        variants++;
      }
    }
    assertEquals(16, variants);
  }

  /**
   * Cache-blocked runs of low-wire gates (states larger than one block) give the bits of whole-state passes: the
   * same lane simulated alone (1 lane, no blocking) and inside a 16-lane batch (blocked) is bit-identical, and
   * both equal the dense reference.
   */
  @Test
  void cacheBlockedRunsAreBitIdenticalToUnblockedPasses() {
    Random rng = new Random(29);
    int n = 9;
    Circuit c = io.qdm.simulator.circuit.AppendixCWorkload.circuit(n, 3);
    BoundCircuit bound = GateFusion.compile(c).bind(new double[0], 0);
    int lanes = 16;
    org.junit.jupiter.api.Assertions.assertTrue((1 << n) * lanes > BoundCircuit.BLOCK_ELEMENTS, "batch must be blocked");
    org.junit.jupiter.api.Assertions.assertTrue((1 << n) <= BoundCircuit.BLOCK_ELEMENTS, "single lane must not be");
    BatchRun run = applyAndCompareWithLonePasses(bound, n, lanes, rng, new int[] {0, 7, 15});
    StateBatch batch = run.batch();
    ComplexVector[] inputs = run.inputs();
    for (int b : new int[] {0, 7, 15}) {
      ComplexVector expected = DenseReference.run(c, new double[0], inputs[b]);
      for (int a = 0; a < (1 << n); a++) {
        assertEquals(expected.re(a), batch.lane(b).re(a), Tolerance.AMPLITUDE);
        assertEquals(expected.im(a), batch.lane(b).im(a), Tolerance.AMPLITUDE);
      }
    }
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> io.qdm.simulator.kernel.LaneKernelBackends
        .vector().applySingleQubit(new double[64], new double[64], 0, 2, 16, 1, GateKind.H.matrix(), 16, 48));
  }

  /**
   * Pairs of gates applied together give the bits of one pass per gate: each lane equals the same state simulated
   * alone (1 lane: the scalar kernels, one gate per pass). With 512-bit vectors the pairs are one pass in registers;
   * with 256-bit vectors the high-wire pairs are tiled through L1 ({@code applySingleQubitRuns}). Per layer the high wires (beyond a 2048-element block) are
   * 2 at n = 8 with 32 lanes, 3 at n = 9 with 32 (a pair, then a pair of a high and a local wire), 4 at n = 9 with 64
   * (two pairs) and 5 at n = 12 with 16; the local wires go in pairs inside each cache block.
   */
  @Test
  void gatePairsInOnePassAreBitIdenticalToOnePassPerGate() {
    Random rng = new Random(31);
    int[][] cases = {{8, 32}, {9, 32}, {9, 64}, {12, 16}};
    for (int[] nl : cases) {
      int n = nl[0];
      int lanes = nl[1];
      Circuit c = io.qdm.simulator.circuit.AppendixCWorkload.circuit(n, 2);
      BoundCircuit bound = GateFusion.compile(c).bind(new double[0], 0);
      BatchRun run = applyAndCompareWithLonePasses(bound, n, lanes, rng, new int[] {0, 1, lanes / 2 + 1, lanes - 1});
      StateBatch batch = run.batch();
      ComplexVector[] inputs = run.inputs();
      if (n <= 9) { // the dense reference grows as 4^n
        ComplexVector expected = DenseReference.run(c, new double[0], inputs[0]);
        for (int a = 0; a < (1 << n); a++) {
          assertEquals(expected.re(a), batch.lane(0).re(a), Tolerance.AMPLITUDE);
          assertEquals(expected.im(a), batch.lane(0).im(a), Tolerance.AMPLITUDE);
        }
      }
    }
    // a range that is not made of whole pair blocks of the higher wire is refused (6 qubits x 16 lanes: wire 0 pairs
    // elements 512 apart, so [0, 512) cuts its block in half)
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> io.qdm.simulator.kernel
        .LaneKernelBackends.vector().applySingleQubitPair(new double[1024], new double[1024], 0, 6, 16, 0,
            GateKind.RY.matrix(0.3), 3, GateKind.RY.matrix(0.2), 0, 512));
    // a run that leaves the lower half of its pair block is refused
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> io.qdm.simulator.kernel
        .LaneKernelBackends.vector().applySingleQubitRuns(new double[64], new double[64], 0, 16, GateKind.RY.matrix(0.3), 8, 16));
  }

  private record BatchRun(StateBatch batch, ComplexVector[] inputs) {}

  /**
   * A batch of {@code lanes} random n-qubit states through {@code bound}; each of the {@code checked} lanes must equal
   * its state run alone (1 lane: no blocking, no tiling), bit for bit.
   */
  private static BatchRun applyAndCompareWithLonePasses(BoundCircuit bound, int n, int lanes, Random rng,
      int[] checked) {
    StateBatch batch = new StateBatch(n, lanes, n);
    ComplexVector[] inputs = new ComplexVector[lanes];
    for (int b = 0; b < lanes; b++) {
      inputs[b] = DenseReference.randomState(1 << n, rng);
      batch.setLane(b, inputs[b]);
    }
    bound.apply(batch);
    for (int b : checked) {
      StateBatch alone = StateBatch.of(inputs[b]);
      bound.apply(alone);
      org.junit.jupiter.api.Assertions.assertArrayEquals(alone.lane(0).re(), batch.lane(b).re(), "n " + n + " lanes "
          + lanes + " lane " + b);
      org.junit.jupiter.api.Assertions.assertArrayEquals(alone.lane(0).im(), batch.lane(b).im(), "n " + n + " lanes "
          + lanes + " lane " + b);
    }
    return new BatchRun(batch, inputs);
  }
}
