package io.qdm.qpu.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.qdm.simulator.circuit.BlockAnsatz;
import io.qdm.simulator.model.AncillaMode;
import io.qdm.simulator.model.Architecture;
import io.qdm.simulator.model.DenoiserSpec;
import io.qdm.simulator.model.ParameterSharing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * qpu-gateway's own reader of the model registry's documented file format {@value #FORMAT} (circuit-service/README.md):
 * {@code format}, {@code name}, {@code version}, {@code spec} {data_qubits, label_qubits, architecture, block,
 * layers [S1, X, S2], ancilla_mode, sharing, timesteps} and {@code parameters} (flat, the simulator's layout). Other
 * keys (schedule, metrics, provenance, …) are not needed here and ignored. Services share the format, not classes.
 */
public final class ModelFileReader {

    public static final String FORMAT = "qdm-model/1";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ModelFileReader() {
    }

    /** @throws IOException naming the file and the key at fault */
    public static DenoiserModel read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (IOException e) {
            throw new IOException(file + ": not valid JSON: " + e.getMessage(), e);
        }
        try {
            return parse(root, sha256(bytes));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    static DenoiserModel parse(JsonNode root, String sha256) {
        String format = text(root, "format");
        if (!FORMAT.equals(format)) {
            throw new IllegalArgumentException("format: expected " + FORMAT + ", got " + format);
        }
        JsonNode spec = required(root, "spec");
        JsonNode layers = required(spec, "layers");
        if (!layers.isArray() || layers.size() != 3) {
            throw new IllegalArgumentException("spec.layers: expected [S1, X, S2] layer counts");
        }
        DenoiserSpec denoiser = new DenoiserSpec(
                required(spec, "data_qubits").asInt(), required(spec, "label_qubits").asInt(),
                Architecture.fromId(text(spec, "architecture")), BlockAnsatz.fromId(text(spec, "block")),
                layers.get(0).asInt(), layers.get(1).asInt(), layers.get(2).asInt(),
                AncillaMode.fromId(text(spec, "ancilla_mode")),
                ParameterSharing.valueOf(text(spec, "sharing").toUpperCase(Locale.ROOT)),
                required(spec, "timesteps").asInt());
        JsonNode params = required(root, "parameters");
        if (!params.isArray() || params.size() != denoiser.parameterCount()) {
            throw new IllegalArgumentException("parameters: expected " + denoiser.parameterCount() + " numbers, got "
                    + (params.isArray() ? params.size() : "no array"));
        }
        double[] parameters = new double[params.size()];
        for (int i = 0; i < parameters.length; i++) {
            if (!params.get(i).isNumber() || !Double.isFinite(params.get(i).asDouble())) {
                throw new IllegalArgumentException("parameters[" + i + "]: not a finite number");
            }
            parameters[i] = params.get(i).asDouble();
        }
        return new DenoiserModel(text(root, "name"), text(root, "version"), denoiser, parameters, sha256);
    }

    private static JsonNode required(JsonNode node, String key) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException(key + ": missing");
        }
        return value;
    }

    private static String text(JsonNode node, String key) {
        return required(node, key).asText();
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
