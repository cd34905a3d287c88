package io.qdm.simulator.fusion;

import io.qdm.simulator.gate.ComplexMatrices;
import io.qdm.simulator.gate.Gate;
import io.qdm.simulator.kernel.LaneKernelBackend;
import io.qdm.simulator.kernel.LaneKernelBackends;
import io.qdm.simulator.kernel.LaneKernels;
import io.qdm.simulator.state.StateBatch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A {@link FusedCircuit} with its parameters bound: every step's matrix, its adjoint and, for trainable steps, the
 * derivative matrix of the fused 2×2 with respect to each trainable slot. Immutable after construction, so one
 * instance serves all worker threads of a batch.
 */
public final class BoundCircuit {
  private static final LaneKernelBackend KERNELS = LaneKernelBackends.selected();

  private final FusedCircuit circuit;
  private final int numWires;
  private final int[] kind; // 0 = single-qubit, 1 = permutation, 2 = two-qubit
  private final int[] wire0;
  private final int[] wire1;
  private final double[][] matrix;
  private final double[][] adjointMatrix;
  private final int[][] permutation;
  private final int[][] inversePermutation;
  private final int[][] slots;          // per step: trainable parameter slots (local to the circuit)
  private final double[][][] derivatives; // per step, per slot entry: ∂U/∂p as 2×2 interleaved

  BoundCircuit(FusedCircuit circuit, double[] parameters, int offset) {
    this.circuit = circuit;
    this.numWires = circuit.numWires();
    List<FusedStep> steps = circuit.steps();
    int s = steps.size();
    kind = new int[s];
    wire0 = new int[s];
    wire1 = new int[s];
    matrix = new double[s][];
    adjointMatrix = new double[s][];
    permutation = new int[s][];
    inversePermutation = new int[s][];
    slots = new int[s][];
    derivatives = new double[s][][];
    double[] local = Arrays.copyOfRange(parameters, offset, offset + circuit.parameterCount());
    for (int i = 0; i < s; i++) {
      FusedStep step = steps.get(i);
      if (step instanceof FusedStep.SingleQubit sq) {
        kind[i] = 0;
        wire0[i] = sq.wire();
        bindSingleQubit(i, sq.gates(), local);
      } else if (step instanceof FusedStep.Permutation p) {
        kind[i] = 1;
        permutation[i] = p.source();
        inversePermutation[i] = p.inverseSource();
        slots[i] = new int[0];
      } else {
        FusedStep.TwoQubit t = (FusedStep.TwoQubit) step;
        kind[i] = 2;
        wire0[i] = t.gate().wires()[0];
        wire1[i] = t.gate().wires()[1];
        matrix[i] = t.gate().kind().matrix(t.gate().parameterValues(local));
        adjointMatrix[i] = ComplexMatrices.adjoint(matrix[i]);
        slots[i] = new int[0];
      }
    }
  }

  private void bindSingleQubit(int i, List<Gate> gates, double[] local) {
    int k = gates.size();
    double[][] g = new double[k][];
    for (int j = 0; j < k; j++) {
      g[j] = gates.get(j).kind().matrix(gates.get(j).parameterValues(local));
    }
    // before[j] = G_{j-1}⋯G_0, after[j] = G_{k-1}⋯G_{j+1}
    double[][] before = new double[k + 1][];
    before[0] = ComplexMatrices.identity(2);
    for (int j = 0; j < k; j++) {
      before[j + 1] = ComplexMatrices.multiply(g[j], before[j]);
    }
    double[][] after = new double[k][];
    double[] acc = ComplexMatrices.identity(2);
    for (int j = k - 1; j >= 0; j--) {
      after[j] = acc;
      acc = ComplexMatrices.multiply(acc, g[j]);
    }
    matrix[i] = before[k];
    adjointMatrix[i] = ComplexMatrices.adjoint(matrix[i]);
    List<Integer> slotList = new ArrayList<>();
    List<double[]> derivList = new ArrayList<>();
    for (int j = 0; j < k; j++) {
      Gate gate = gates.get(j);
      double[] values = gate.parameterValues(local);
      for (int p = 0; p < gate.parameterSlots().length; p++) {
        if (gate.parameterSlots()[p] >= 0) {
          double[] d = gate.kind().derivative(p, values);
          slotList.add(gate.parameterSlots()[p]);
          derivList.add(ComplexMatrices.multiply(after[j], ComplexMatrices.multiply(d, before[j])));
        }
      }
    }
    slots[i] = slotList.stream().mapToInt(Integer::intValue).toArray();
    derivatives[i] = derivList.toArray(new double[0][]);
  }

  /** The compiled circuit this binding belongs to. */
  public FusedCircuit circuit() {
    return circuit;
  }

  /** ψ ← U(θ)·ψ for every lane; the batch must have exactly {@code numWires} qubits. */
  public void apply(StateBatch state) {
    checkQubits(state);
    int n = numWires;
    int lanes = state.lanes();
    for (int i = 0; i < kind.length; i++) {
      switch (kind[i]) {
        case 0 -> KERNELS.applySingleQubit(state.re(), state.im(), n, lanes, wire0[i], matrix[i]);
        case 1 -> state.permute(permutation[i]);
        default -> LaneKernels.applyTwoQubit(state.re(), state.im(), n, lanes, wire0[i], wire1[i], matrix[i]);
      }
    }
  }

  /** ψ ← U(θ)†·ψ for every lane. */
  public void applyInverse(StateBatch state) {
    checkQubits(state);
    int n = numWires;
    int lanes = state.lanes();
    for (int i = kind.length - 1; i >= 0; i--) {
      switch (kind[i]) {
        case 0 -> KERNELS.applySingleQubit(state.re(), state.im(), n, lanes, wire0[i], adjointMatrix[i]);
        case 1 -> state.permute(inversePermutation[i]);
        default -> LaneKernels.applyTwoQubit(state.re(), state.im(), n, lanes, wire0[i], wire1[i], adjointMatrix[i]);
      }
    }
  }

  /**
   * The adjoint (reverse-mode) sweep through this circuit (notes §11; Jones &amp; Gacon). On entry {@code psi} is
   * the state after the circuit and {@code lambda} the conjugate gradient g = ∂L/∂ψ* there; on exit they are the
   * state before the circuit and the gradient with respect to it. For each trainable slot p,
   * 2·Re(g'†(∂U/∂p)ψ) summed over all lanes is added to {@code gradient[gradientOffset + p]}; the summation order
   * depends only on the tile, so the result does not depend on how tiles are spread across threads.
   *
   * @param work scratch of length ≥ 8 (overwritten)
   */
  public void backward(StateBatch psi, StateBatch lambda, double[] gradient, int gradientOffset, double[] work) {
    checkQubits(psi);
    checkQubits(lambda);
    int n = numWires;
    int lanes = psi.lanes();
    for (int i = kind.length - 1; i >= 0; i--) {
      switch (kind[i]) {
        case 0 -> {
          if (slots[i].length == 0) {
            KERNELS.applySingleQubit(psi.re(), psi.im(), n, lanes, wire0[i], adjointMatrix[i]);
            KERNELS.applySingleQubit(lambda.re(), lambda.im(), n, lanes, wire0[i], adjointMatrix[i]);
          } else {
            KERNELS.backwardSingleQubit(psi.re(), psi.im(), lambda.re(), lambda.im(), n, lanes, wire0[i], matrix[i], work);
            accumulateGradient(i, work, gradient, gradientOffset);
          }
        }
        case 1 -> {
          psi.permute(inversePermutation[i]);
          lambda.permute(inversePermutation[i]);
        }
        default -> {
          LaneKernels.applyTwoQubit(psi.re(), psi.im(), n, lanes, wire0[i], wire1[i], adjointMatrix[i]);
          LaneKernels.applyTwoQubit(lambda.re(), lambda.im(), n, lanes, wire0[i], wire1[i], adjointMatrix[i]);
        }
      }
    }
  }

  private void accumulateGradient(int step, double[] m, double[] gradient, int offset) {
    int[] sl = slots[step];
    double[][] der = derivatives[step];
    for (int p = 0; p < sl.length; p++) {
      double[] d = der[p];
      double g = 0;
      for (int e = 0; e < 8; e += 2) {
        g += d[e] * m[e] - d[e + 1] * m[e + 1];
      }
      gradient[offset + sl[p]] += 2 * g;
    }
  }

  private void checkQubits(StateBatch s) {
    if (s.numQubits() != numWires) {
      throw new IllegalArgumentException("circuit on " + numWires + " wires applied to a " + s.numQubits() + "-qubit state");
    }
  }
}
