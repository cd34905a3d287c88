package io.qdm.simulator.qasm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.qdm.simulator.DenseReference;
import io.qdm.simulator.Tolerance;
import io.qdm.simulator.circuit.BlockAnsatz;
import io.qdm.simulator.circuit.Circuit;
import io.qdm.simulator.gate.Gate;
import io.qdm.simulator.gate.GateKind;
import io.qdm.simulator.model.AncillaMode;
import io.qdm.simulator.model.Architecture;
import io.qdm.simulator.model.Denoiser;
import io.qdm.simulator.model.DenoiserSpec;
import io.qdm.simulator.model.ParameterSharing;
import io.qdm.simulator.state.ComplexVector;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DenoiserQasmExporterTest {
  static final DenoiserSpec TINY = new DenoiserSpec(1, 1, Architecture.REVERSE_BOTTLENECK, BlockAnsatz.STRONGLY_ENTANGLING,
      1, 1, 1, AncillaMode.POSTSELECT_ZERO, ParameterSharing.SHARED, 1);

  static double[] tinyParameters() {
    double[] p = new double[TINY.parameterCount()];
    for (int i = 0; i < p.length; i++) {
      p[i] = 0.125 * (i + 1);
    }
    return p;
  }

  @Test
  void exactTextOfATinyCircuit() throws IOException {
    assertEquals(21, TINY.parameterCount());
    assertEquals(resource("tiny-reverse-bottleneck.qasm3"),
        DenoiserQasmExporter.export(TINY, tinyParameters(), 0, 1, QasmVersion.OPENQASM_3, false));
    assertEquals(resource("tiny-reverse-bottleneck.qasm2"),
        DenoiserQasmExporter.export(TINY, tinyParameters(), 0, 1, QasmVersion.OPENQASM_2, false));
    DenoiserSpec bottleneck = new DenoiserSpec(1, 1, Architecture.BOTTLENECK, BlockAnsatz.IDENTITY_R3, 0, 2, 0,
        AncillaMode.SAMPLED_MEASUREMENT, ParameterSharing.SHARED, 1);
    assertEquals(resource("tiny-bottleneck-parametric.qasm3"), DenoiserQasmExporter.export(bottleneck,
        new double[bottleneck.parameterCount()], 0, 0, QasmVersion.OPENQASM_3, true));
  }

  @Test
  void parametricOpenQasm2IsRejected() {
    assertThrows(IllegalArgumentException.class,
        () -> DenoiserQasmExporter.export(TINY, tinyParameters(), 0, 0, QasmVersion.OPENQASM_2, true));
  }

  /** Round trip: parse the exported program back, simulate it with post-selection, compare with the denoiser. */
  @Test
  void exportedProgramReproducesTheDenoiserOutput() {
    for (BlockAnsatz block : BlockAnsatz.values()) {
      DenoiserSpec spec = new DenoiserSpec(2, 2, Architecture.REVERSE_BOTTLENECK, block, 2, 2, 2,
          AncillaMode.POSTSELECT_ZERO, ParameterSharing.PER_TIMESTEP, 2);
      Random rng = new Random(17);
      double[] p = new double[spec.parameterCount()];
      for (int i = 0; i < p.length; i++) {
        p[i] = rng.nextDouble() * 2 * Math.PI;
      }
      int label = 2;
      int t = 1;
      ComplexVector x = DenseReference.randomState(4, rng);
      ComplexVector expected;
      try (Denoiser d = new Denoiser(spec)) {
        expected = d.forward(p, List.of(x), new int[] {label}, new int[] {t}, null).outputs().get(0);
      }
      String program = DenoiserQasmExporter.export(spec, p, t, label, QasmVersion.OPENQASM_3, false);
      ComplexVector actual = simulate(program, spec, x);
      assertEquals(1.0, actual.fidelity(expected), Tolerance.AMPLITUDE, block.id());
    }
  }

  /** A tiny interpreter of the exported subset: x, rz, ry, cx; "anc = measure" post-selects |0⟩. */
  static ComplexVector simulate(String program, DenoiserSpec spec, ComplexVector data) {
    int total = spec.systemQubits() + 1;
    // q[0] ancilla |0⟩, label register |0…0⟩ (the program's x gates set the label), data amplitudes
    double[] re = new double[1 << total];
    double[] im = new double[1 << total];
    for (int j = 0; j < data.length(); j++) {
      re[j] = data.re(j);
      im[j] = data.im(j);
    }
    ComplexVector v = new ComplexVector(re, im);
    List<Gate> pending = new ArrayList<>();
    for (String line : program.split("\n")) {
      line = line.trim();
      if (line.startsWith("x ")) {
        pending.add(Gate.fixed(GateKind.X, new int[] {qubit(line)}));
      } else if (line.startsWith("rz(") || line.startsWith("ry(")) {
        double angle = Double.parseDouble(line.substring(3, line.indexOf(')')));
        pending.add(Gate.fixed(line.startsWith("rz") ? GateKind.RZ : GateKind.RY, new int[] {qubit(line)}, angle));
      } else if (line.startsWith("cx ")) {
        String[] parts = line.substring(3).split(",");
        pending.add(Gate.fixed(GateKind.CNOT, new int[] {qubit(parts[0]), qubit(parts[1])}));
      } else if (line.startsWith("anc = measure")) {
        v = DenseReference.run(new Circuit(total, 0, pending), new double[0], v);
        pending.clear();
        double[] r = v.re();
        double[] m = v.im();
        Arrays.fill(r, r.length / 2, r.length, 0.0);
        Arrays.fill(m, m.length / 2, m.length, 0.0);
        v = new ComplexVector(r, m).normalised();
      }
    }
    v = DenseReference.run(new Circuit(total, 0, pending), new double[0], v);
    int label = 2;
    int dataDim = spec.dataDimension();
    return new ComplexVector(Arrays.copyOfRange(v.re(), label * dataDim, (label + 1) * dataDim),
        Arrays.copyOfRange(v.im(), label * dataDim, (label + 1) * dataDim)).normalised();
  }

  static int qubit(String s) {
    return Integer.parseInt(s.substring(s.indexOf('[') + 1, s.indexOf(']')));
  }

  String resource(String name) throws IOException {
    try (InputStream in = getClass().getResourceAsStream("/qasm/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
