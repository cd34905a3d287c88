package io.qdm.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.qdm.simulator.circuit.BlockAnsatz;
import io.qdm.simulator.circuit.Circuit;
import io.qdm.simulator.fusion.GateFusion;
import io.qdm.simulator.gate.Gate;
import io.qdm.simulator.gate.GateKind;
import io.qdm.simulator.model.AncillaMode;
import io.qdm.simulator.model.Architecture;
import io.qdm.simulator.model.Denoiser;
import io.qdm.simulator.model.DenoiserBlock;
import io.qdm.simulator.model.DenoiserEvaluation;
import io.qdm.simulator.model.DenoiserSpec;
import io.qdm.simulator.model.ParameterSharing;
import io.qdm.simulator.model.TrainingSample;
import io.qdm.simulator.state.ComplexVector;
import io.qdm.simulator.state.StateBatch;
import io.qdm.simulator.train.JsonText;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Compares against {@code reference/pqc-reference-vectors.json}, produced by {@code bench/peers/reference_vectors.py}
 * with PennyLane (and cross-checked with Qiskit) — an independent stack.
 */
class ReferenceVectorsTest {
  private static final String RESOURCE = "/reference/pqc-reference-vectors.json";

  @Test
  @SuppressWarnings("unchecked")
  void everyCaseMatchesTheIndependentReference() throws IOException {
    InputStream in = getClass().getResourceAsStream(RESOURCE);
    assumeTrue(in != null, "reference vectors " + RESOURCE + " absent: run bench/peers/reference_vectors.py to generate them");
    Map<String, Object> root;
    try (in) {
      root = (Map<String, Object>) JsonText.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
    List<Object> cases = (List<Object>) root.get("cases");
    Map<String, Integer> perKind = new TreeMap<>();
    for (Object o : cases) {
      Map<String, Object> c = (Map<String, Object>) o;
      String kind = (String) c.get("kind");
      switch (kind) {
        case "gate" -> checkGate(c);
        case "sel", "identity_r3" -> checkAnsatz(c, BlockAnsatz.fromId(kind));
        case "reverse_bottleneck", "bottleneck" -> checkDenoiser(c, Architecture.fromId(kind));
        default -> throw new AssertionError("unknown case kind " + kind + " in " + c.get("id"));
      }
      perKind.merge(kind, 1, Integer::sum);
    }
    assertEquals(cases.size(), perKind.values().stream().mapToInt(Integer::intValue).sum());
    System.out.println("reference vector cases per kind: " + perKind);
    assertTrue(perKind.getOrDefault("gate", 0) >= 17, "every gate kind covered");
    assertTrue(perKind.containsKey("reverse_bottleneck") && perKind.containsKey("bottleneck"));
  }

  private void checkGate(Map<String, Object> c) {
    GateKind k = GateKind.parse((String) c.get("gate"));
    int n = ((Number) c.get("num_wires")).intValue();
    double[] params = JsonText.doubles(c.get("params"));
    int[] slots = new int[params.length];
    for (int i = 0; i < slots.length; i++) {
      slots[i] = i;
    }
    Circuit circuit = new Circuit(n, params.length, List.of(Gate.trainable(k, JsonText.ints(c.get("wires")), slots)));
    assertState(c, runCircuit(circuit, params, complex(c.get("input_state"))), complex(c.get("output_state")));
  }

  private void checkAnsatz(Map<String, Object> c, BlockAnsatz ansatz) {
    int n = ((Number) c.get("num_wires")).intValue();
    int layers = ((Number) c.get("layers")).intValue();
    double[] params = JsonText.doubles(c.get("params"));
    Circuit circuit = ansatz.circuit(n, layers);
    assertEquals(circuit.parameterCount(), params.length, c.get("id") + " parameter count");
    assertState(c, runCircuit(circuit, params, complex(c.get("input_state"))), complex(c.get("output_state")));
  }

  @SuppressWarnings("unchecked")
  private void checkDenoiser(Map<String, Object> c, Architecture arch) {
    int[] layers = JsonText.ints(c.get("layers"));
    int k = ((Number) c.get("label_qubits")).intValue();
    int label = c.containsKey("label") ? ((Number) c.get("label")).intValue() : 0;
    AncillaMode mode = AncillaMode.fromId((String) c.get("ancilla_mode"));
    DenoiserSpec spec = new DenoiserSpec(((Number) c.get("data_qubits")).intValue(), k, arch,
        BlockAnsatz.fromId((String) c.get("block")), layers[0], layers[1], layers[2], mode, ParameterSharing.SHARED, 1);
    Map<String, Object> p = (Map<String, Object>) c.get("params");
    double[] params = new double[spec.parameterCount()];
    for (DenoiserBlock b : DenoiserBlock.values()) {
      double[] block = JsonText.doubles(p.get(b.name()));
      assertEquals(spec.blockParameterCount(b), block.length, c.get("id") + " " + b + " parameter count");
      System.arraycopy(block, 0, params, spec.parameterOffset(0, b), block.length);
    }
    int outcome = c.containsKey("measured_outcome") ? ((Number) c.get("measured_outcome")).intValue() : 0;
    double[] forced = {outcome == 0 ? -1.0 : 2.0};
    TrainingSample sample = new TrainingSample(complex(c.get("input_state")), complex(c.get("target_state")), label, 0);
    try (Denoiser d = new Denoiser(spec, 4, 1)) {
      DenoiserEvaluation e = d.evaluate(params, List.of(sample), forced, true, true);
      assertEquals(mode == AncillaMode.POSTSELECT_ZERO ? 0 : outcome, e.ancillaOutcomes()[0], c.get("id") + " branch");
      assertState(c, e.outputs().get(0), complex(c.get("output_state")));
      assertEquals(((Number) c.get("loss")).doubleValue(), e.loss(), Tolerance.REFERENCE_AMPLITUDE, c.get("id") + " loss");
      Map<String, Object> g = (Map<String, Object>) c.get("gradient");
      for (DenoiserBlock b : DenoiserBlock.values()) {
        double[] expected = JsonText.doubles(g.get(b.name()));
        int off = spec.parameterOffset(0, b);
        for (int i = 0; i < expected.length; i++) {
          assertEquals(expected[i], e.gradient()[off + i], Tolerance.REFERENCE_GRADIENT, c.get("id") + " gradient " + b + "[" + i + "]");
        }
      }
    }
  }

  private static ComplexVector runCircuit(Circuit circuit, double[] params, ComplexVector in) {
    StateBatch s = StateBatch.of(in);
    GateFusion.compile(circuit).bind(params, 0).apply(s);
    return s.lane(0);
  }

  private static void assertState(Map<String, Object> c, ComplexVector actual, ComplexVector expected) {
    assertEquals(expected.length(), actual.length(), c.get("id") + " length");
    for (int i = 0; i < expected.length(); i++) {
      assertEquals(expected.re(i), actual.re(i), Tolerance.REFERENCE_AMPLITUDE, c.get("id") + " re[" + i + "]");
      assertEquals(expected.im(i), actual.im(i), Tolerance.REFERENCE_AMPLITUDE, c.get("id") + " im[" + i + "]");
    }
  }

  private static ComplexVector complex(Object pairs) {
    List<?> l = (List<?>) pairs;
    double[] re = new double[l.size()];
    double[] im = new double[l.size()];
    for (int i = 0; i < l.size(); i++) {
      List<?> p = (List<?>) l.get(i);
      re[i] = ((Number) p.get(0)).doubleValue();
      im[i] = ((Number) p.get(1)).doubleValue();
    }
    return new ComplexVector(re, im);
  }
}
