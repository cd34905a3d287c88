package io.qdm.simulator.qasm;

import io.qdm.simulator.circuit.Circuit;
import io.qdm.simulator.gate.Gate;
import io.qdm.simulator.model.AncillaMode;
import io.qdm.simulator.model.Architecture;
import io.qdm.simulator.model.DenoiserBlock;
import io.qdm.simulator.model.DenoiserSpec;
import java.util.Locale;

/**
 * Exports one timestep of a denoiser as an OpenQASM program for hardware or other simulators.
 *
 * <p>Register layout: {@code q[0]} is the ancilla (reverse bottleneck only) and the system wires follow in our wire
 * order (label register first, most significant bit first, then data), i.e. system wire w is {@code q[w+1]}; the
 * bottleneck has no extra qubit and system wire w is {@code q[w]}. The program prepares |label⟩ with X gates; the
 * data amplitudes must be loaded by the caller (amplitude encoding is not part of the export, notes §1.1).
 * The removed wire is measured into {@code anc}: in {@link AncillaMode#SAMPLED_MEASUREMENT} every outcome is kept
 * (the authors' code), in {@link AncillaMode#POSTSELECT_ZERO} shots with anc = 1 must be discarded. With a label
 * register, shots whose {@code label} bits differ from the requested label must be discarded (notes §3.1 step 7,
 * §8); the data register's state is then the model output.
 *
 * <p>Gate mapping: Rot(φ, θ, ω) = RZ(ω)RY(θ)RZ(φ) is written as {@code rz(φ); ry(θ); rz(ω)} (time order);
 * R3(p0, p1, p2) = RZ(p0)RY(p1)RZ(p2) as {@code rz(p2); ry(p1); rz(p0)}; CNOT as {@code cx}. OpenQASM 2's
 * {@code rz} may differ from RZ by a global phase, which no measurement sees.
 */
public final class DenoiserQasmExporter {
  private DenoiserQasmExporter() {}

  /**
   * The program for timestep {@code timestep}.
   *
   * @param parameters the full parameter vector of the denoiser
   * @param label the label to prepare and post-select (ignored without a label register)
   * @param parametric OpenQASM 3 only: declare every angle as {@code input float[64] <block>_l<layer>_w<wire>_<k>}
   *     instead of writing literals
   * @throws IllegalArgumentException for a gate with no OpenQASM counterpart (ECR) or parametric OpenQASM 2
   */
  public static String export(DenoiserSpec spec, double[] parameters, int timestep, int label, QasmVersion version,
      boolean parametric) {
    if (parametric && version == QasmVersion.OPENQASM_2) {
      throw new IllegalArgumentException("OpenQASM 2 has no input parameters; use OPENQASM_3 for a parametric export");
    }
    if (parameters.length != spec.parameterCount()) {
      throw new IllegalArgumentException("parameters: expected " + spec.parameterCount() + ", got " + parameters.length);
    }
    if (label < 0 || label >= spec.labelCount()) {
      throw new IllegalArgumentException("label " + label + " outside 0.." + (spec.labelCount() - 1));
    }
    boolean qasm3 = version == QasmVersion.OPENQASM_3;
    boolean reverse = spec.architecture() == Architecture.REVERSE_BOTTLENECK;
    int sys = spec.systemQubits();
    int total = reverse ? sys + 1 : sys;
    int sysOffset = reverse ? 1 : 0;
    StringBuilder sb = new StringBuilder();
    sb.append(qasm3 ? "OPENQASM 3.0;\ninclude \"stdgates.inc\";\n" : "OPENQASM 2.0;\ninclude \"qelib1.inc\";\n");
    sb.append("// QDM denoiser, timestep ").append(timestep).append(": ").append(spec.architecture().id())
        .append(", ").append(spec.block().id()).append(" blocks ").append(spec.s1Layers()).append('/')
        .append(spec.middleLayers()).append('/').append(spec.s2Layers()).append(" layers, ")
        .append(spec.dataQubits()).append(" data + ").append(spec.labelQubits()).append(" label qubits\n");
    sb.append(reverse ? "// q[0] = ancilla; system wire w = q[w+1] (label bits first, MSB first, then data)\n"
        : "// system wire w = q[w] (label bits first, MSB first, then data); q[0] is measured and reset mid-circuit\n");
    sb.append("// Load the data amplitudes on the data qubits before this program (amplitude encoding).\n");
    if (parametric) {
      declareInputs(sb, spec);
    }
    if (qasm3) {
      sb.append("qubit[").append(total).append("] q;\n").append("bit anc;\n");
      if (spec.labelQubits() > 0) {
        sb.append("bit[").append(spec.labelQubits()).append("] label;\n");
      }
      sb.append("bit[").append(spec.dataQubits()).append("] data;\n");
    } else {
      sb.append("qreg q[").append(total).append("];\n").append("creg anc[1];\n");
      if (spec.labelQubits() > 0) {
        sb.append("creg label[").append(spec.labelQubits()).append("];\n");
      }
      sb.append("creg data[").append(spec.dataQubits()).append("];\n");
    }
    for (int i = 0; i < spec.labelQubits(); i++) {
      if (((label >> (spec.labelQubits() - 1 - i)) & 1) == 1) {
        sb.append("x q[").append(sysOffset + i).append("];\n");
      }
    }
    String ancillaComment = spec.ancillaMode() == AncillaMode.POSTSELECT_ZERO
        ? "// post-selection: keep only shots with anc == 0\n"
        : "// sampled measurement (authors' code): every outcome of anc is kept\n";
    block(sb, spec, parameters, timestep, DenoiserBlock.S1, sysOffset, qasm3, parametric);
    if (reverse) {
      block(sb, spec, parameters, timestep, DenoiserBlock.X, 0, qasm3, parametric);
      measure(sb, qasm3, "anc", 0, 0, false);
      sb.append(ancillaComment);
    } else {
      measure(sb, qasm3, "anc", 0, 0, false);
      sb.append(ancillaComment);
      block(sb, spec, parameters, timestep, DenoiserBlock.X, 1, qasm3, parametric);
      sb.append("reset q[0];\n");
    }
    block(sb, spec, parameters, timestep, DenoiserBlock.S2, sysOffset, qasm3, parametric);
    for (int i = 0; i < spec.labelQubits(); i++) {
      measure(sb, qasm3, "label", i, sysOffset + i, true);
    }
    if (spec.labelQubits() > 0) {
      sb.append("// label post-selection: keep only shots with label == ").append(label)
          .append(" (binary, label[0] = most significant bit)\n");
    }
    for (int i = 0; i < spec.dataQubits(); i++) {
      measure(sb, qasm3, "data", i, sysOffset + spec.labelQubits() + i, true);
    }
    return sb.toString();
  }

  private static void declareInputs(StringBuilder sb, DenoiserSpec spec) {
    for (DenoiserBlock b : DenoiserBlock.values()) {
      for (int l = 0; l < spec.layers(b); l++) {
        for (int w = 0; w < spec.wires(b); w++) {
          for (int k = 0; k < 3; k++) {
            sb.append("input float[64] ").append(name(b, l, w, k)).append(";\n");
          }
        }
      }
    }
  }

  private static String name(DenoiserBlock b, int layer, int wire, int k) {
    return b.name().toLowerCase(Locale.ROOT) + "_l" + layer + "_w" + wire + "_" + k;
  }

  private static void measure(StringBuilder sb, boolean qasm3, String reg, int bit, int qubit, boolean indexed) {
    String target = qasm3 && !indexed ? reg : reg + "[" + bit + "]";
    if (qasm3) {
      sb.append(target).append(" = measure q[").append(qubit).append("];\n");
    } else {
      sb.append("measure q[").append(qubit).append("] -> ").append(target).append(";\n");
    }
  }

  private static void block(StringBuilder sb, DenoiserSpec spec, double[] parameters, int timestep, DenoiserBlock b,
      int wireOffset, boolean qasm3, boolean parametric) {
    Circuit c = spec.block().circuit(spec.wires(b), spec.layers(b));
    int base = spec.parameterOffset(timestep, b);
    int wires = spec.wires(b);
    sb.append("// block ").append(b).append(" (").append(spec.layers(b)).append(" layers on ").append(wires).append(" wires)\n");
    for (Gate g : c.gates()) {
      int[] w = g.wires();
      String q0 = "q[" + (w[0] + wireOffset) + "]";
      switch (g.kind()) {
        case ROT -> {
          rotation(sb, "rz", angle(g, 0, parameters, base, wires, b, parametric), q0);
          rotation(sb, "ry", angle(g, 1, parameters, base, wires, b, parametric), q0);
          rotation(sb, "rz", angle(g, 2, parameters, base, wires, b, parametric), q0);
        }
        case R3 -> {
          rotation(sb, "rz", angle(g, 2, parameters, base, wires, b, parametric), q0);
          rotation(sb, "ry", angle(g, 1, parameters, base, wires, b, parametric), q0);
          rotation(sb, "rz", angle(g, 0, parameters, base, wires, b, parametric), q0);
        }
        case CNOT -> sb.append("cx ").append(q0).append(", q[").append(w[1] + wireOffset).append("];\n");
        default -> throw new IllegalArgumentException("gate " + g.kind() + " is not exported by the denoiser exporter");
      }
    }
  }

  private static void rotation(StringBuilder sb, String gate, String angle, String qubit) {
    sb.append(gate).append('(').append(angle).append(") ").append(qubit).append(";\n");
  }

  private static String angle(Gate g, int k, double[] parameters, int base, int wires, DenoiserBlock b, boolean parametric) {
    int slot = g.parameterSlots()[k];
    if (parametric) {
      // slot = 3·(layer·wires + wire) + k within the block
      int layer = slot / (3 * wires);
      int wire = (slot / 3) % wires;
      return name(b, layer, wire, slot % 3);
    }
    return Double.toString(parameters[base + slot]);
  }
}
