package io.qdm.qpu;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.qdm.simulator.model.DenoiserSpec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Writes model files in the registry's documented format qdm-model/1, as circuit-service publishes them. */
public final class TestModels {
    private TestModels() {
    }

    public static Path write(Path dir, String name, String version, DenoiserSpec s, double[] parameters) {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        root.put("format", "qdm-model/1");
        root.put("name", name);
        root.put("version", version);
        root.put("kind", "test");
        ObjectNode spec = root.putObject("spec");
        spec.put("data_qubits", s.dataQubits());
        spec.put("label_qubits", s.labelQubits());
        spec.put("architecture", s.architecture().id());
        spec.put("block", s.block().id());
        spec.putArray("layers").add(s.s1Layers()).add(s.middleLayers()).add(s.s2Layers());
        spec.put("ancilla_mode", s.ancillaMode().id());
        spec.put("sharing", s.sharing().name().toLowerCase(Locale.ROOT));
        spec.put("timesteps", s.timesteps());
        root.putObject("schedule").put("kind", "linear");
        ArrayNode params = root.putArray("parameters");
        for (double p : parameters) {
            params.add(p);
        }
        root.putObject("metrics");
        root.putObject("provenance").put("seed", "1");
        root.put("created_at_ms", 0);
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve(name + "-" + version + ".json");
            Files.write(file, json.writeValueAsBytes(root));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
