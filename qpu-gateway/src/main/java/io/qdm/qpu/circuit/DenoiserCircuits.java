package io.qdm.qpu.circuit;

import io.qdm.simulator.circuit.Circuit;
import io.qdm.simulator.gate.Gate;
import io.qdm.simulator.gate.GateKind;
import io.qdm.simulator.model.Architecture;
import io.qdm.simulator.model.DenoiserBlock;
import io.qdm.simulator.model.DenoiserSpec;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns denoiser steps into a measured hardware program, the gate-level equivalent of the simulator's
 * {@code Denoiser} forward pass (notes §3.1, §3.4) with every measurement deferred to the end:
 * <ol>
 *   <li>the label register is prepared in |y⟩ by X gates (label wire 0 = most significant label bit) and the data
 *       register by {@link StatePreparation} (moduli and phases);</li>
 *   <li>reverse bottleneck: S1 on [label, data]; a fresh ancilla |0⟩ prepended as wire 0 of X; S2 on [label, data];
 *       bottleneck: S1; wire 0 of the system register is the step's reduced wire; B on the rest; a fresh |0⟩
 *       becomes the new system wire 0; S2;</li>
 *   <li>several steps in one program (whole-chain mode) get a fresh ancilla and a fresh label register per step;
 *       the data register is carried on. Deferred measurement makes post-selecting every step's ancilla and label
 *       wires at the end equal to doing it between the steps.</li>
 * </ol>
 * Wires are numbered in allocation order: step 0's label wires, the data wires, then per step its fresh wires.
 */
public final class DenoiserCircuits {

    private DenoiserCircuits() {
    }

    /**
     * @param spec            the denoiser
     * @param parameters      its flat parameter vector
     * @param inputRe         the input state's real parts (2^n; any norm &gt; 0)
     * @param inputIm         its imaginary parts (null for a real input such as estimated moduli)
     * @param label           the label (0 when unconditioned)
     * @param timestepIndices per step, the simulator's timestep index (0..T−1), in execution order
     */
    public static DenoiserProgram build(DenoiserSpec spec, double[] parameters, double[] inputRe, double[] inputIm,
                                        int label, int[] timestepIndices) {
        if (parameters.length != spec.parameterCount()) {
            throw new IllegalArgumentException("model: expected " + spec.parameterCount() + " parameters, got "
                    + parameters.length);
        }
        if (label < 0 || label >= spec.labelCount()) {
            throw new IllegalArgumentException("labels: label " + label + " outside 0.." + (spec.labelCount() - 1));
        }
        if (timestepIndices.length < 1) {
            throw new IllegalArgumentException("steps: at least one step");
        }
        int n = spec.dataQubits();
        int k = spec.labelQubits();
        int[] next = {0};
        List<Op> ops = new ArrayList<>();
        int[] labelWires = allocate(next, k);
        int[] data = allocate(next, n);
        prepareLabel(label, labelWires, k, ops);
        ops.addAll(StatePreparation.prepare(inputRe, inputIm, data));
        int steps = timestepIndices.length;
        int[] ancillas = new int[steps];
        int[][] labels = new int[steps][];
        for (int s = 0; s < steps; s++) {
            if (s > 0) {
                labelWires = allocate(next, k);
                prepareLabel(label, labelWires, k, ops);
            }
            int t = timestepIndices[s];
            int[] sys = concat(labelWires, data);
            append(ops, spec, parameters, t, DenoiserBlock.S1, sys);
            if (spec.architecture() == Architecture.REVERSE_BOTTLENECK) {
                int ancilla = allocate(next, 1)[0];
                append(ops, spec, parameters, t, DenoiserBlock.X, concat(new int[] {ancilla}, sys));
                append(ops, spec, parameters, t, DenoiserBlock.S2, sys);
                ancillas[s] = ancilla;
            } else {
                ancillas[s] = sys[0];
                int[] rest = java.util.Arrays.copyOfRange(sys, 1, sys.length);
                append(ops, spec, parameters, t, DenoiserBlock.X, rest);
                int fresh = allocate(next, 1)[0];
                sys = concat(new int[] {fresh}, rest);
                append(ops, spec, parameters, t, DenoiserBlock.S2, sys);
            }
            labels[s] = java.util.Arrays.copyOfRange(sys, 0, k);
            labelWires = labels[s];
            data = java.util.Arrays.copyOfRange(sys, k, sys.length);
        }
        return new DenoiserProgram(new QuantumProgram(next[0], ops), data, ancillas, labels);
    }

    private static void prepareLabel(int label, int[] wires, int k, List<Op> ops) {
        for (int i = 0; i < k; i++) {
            if (((label >> (k - 1 - i)) & 1) == 1) {
                ops.add(Op.of(GateKind.X, wires[i]));
            }
        }
    }

    /** Appends one block bound to the parameters of timestep t, block wire i placed on wires[i]. */
    private static void append(List<Op> ops, DenoiserSpec spec, double[] parameters, int t, DenoiserBlock block,
                               int[] wires) {
        int layers = spec.layers(block);
        if (layers == 0) {
            return;
        }
        Circuit circuit = spec.block().circuit(spec.wires(block), layers);
        int offset = spec.parameterOffset(t, block);
        for (Gate g : circuit.gates()) {
            double[] values = new double[g.kind().parameterCount()];
            for (int j = 0; j < values.length; j++) {
                int slot = g.parameterSlots()[j];
                values[j] = slot >= 0 ? parameters[offset + slot] : g.constants()[j];
            }
            int[] q = new int[g.wires().length];
            for (int j = 0; j < q.length; j++) {
                q[j] = wires[g.wires()[j]];
            }
            ops.add(new Op(g.kind(), q, values));
        }
    }

    private static int[] allocate(int[] next, int count) {
        int[] w = new int[count];
        for (int i = 0; i < count; i++) {
            w[i] = next[0]++;
        }
        return w;
    }

    private static int[] concat(int[] a, int[] b) {
        int[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
