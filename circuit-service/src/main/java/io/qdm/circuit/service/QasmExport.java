package io.qdm.circuit.service;

import io.qdm.circuit.registry.RegisteredModel;
import io.qdm.simulator.model.DenoiserBlock;
import io.qdm.simulator.model.DenoiserSpec;
import io.qdm.simulator.qasm.DenoiserQasmExporter;
import io.qdm.simulator.qasm.QasmVersion;

import java.util.Locale;

/**
 * OpenQASM export of one reverse step of a registered model (step t, 1 ≤ t ≤ T, uses the simulator's timestep index
 * t − 1, as Denoise does). For the parametric flavour the values of the {@code input float[64]} angles are returned as
 * JSON, named as the exporter names them ({@code <block>_l<layer>_w<wire>_<k>}).
 */
public final class QasmExport {

    /** The program text and, for a parametric export, its input values as a JSON object (else empty). */
    public record Program(String qasm, String parametersJson) {
    }

    public enum Flavor { QASM3_BOUND, QASM3_PARAMETRIC, QASM2 }

    private QasmExport() {
    }

    public static Program export(RegisteredModel model, Flavor flavor, int t, int label) {
        DenoiserSpec spec = model.spec();
        if (t < 1 || t > spec.timesteps()) {
            throw new IllegalArgumentException("timestep: must be in [1, " + spec.timesteps() + "] for model "
                    + model.ref() + ", got " + t);
        }
        int classes = Math.max(model.classes(), 1);
        if (label < 0 || label >= classes) {
            throw new IllegalArgumentException("label: must be in [0, " + (classes - 1) + "] for model " + model.ref()
                    + ", got " + label);
        }
        boolean parametric = flavor == Flavor.QASM3_PARAMETRIC;
        String qasm = DenoiserQasmExporter.export(spec, model.parameters(), t - 1, label,
                flavor == Flavor.QASM2 ? QasmVersion.OPENQASM_2 : QasmVersion.OPENQASM_3, parametric);
        return new Program(qasm, parametric ? inputValues(model, t - 1) : "");
    }

    private static String inputValues(RegisteredModel model, int timestepIndex) {
        DenoiserSpec spec = model.spec();
        StringBuilder json = new StringBuilder("{");
        for (DenoiserBlock b : DenoiserBlock.values()) {
            int base = spec.parameterOffset(timestepIndex, b);
            int wires = spec.wires(b);
            for (int layer = 0; layer < spec.layers(b); layer++) {
                for (int wire = 0; wire < wires; wire++) {
                    for (int k = 0; k < 3; k++) {
                        if (json.length() > 1) {
                            json.append(", ");
                        }
                        json.append('"').append(b.name().toLowerCase(Locale.ROOT)).append("_l").append(layer)
                                .append("_w").append(wire).append('_').append(k).append("\": ")
                                .append(model.parameters()[base + 3 * (layer * wires + wire) + k]);
                    }
                }
            }
        }
        return json.append('}').toString();
    }
}
