package io.qdm.circuit.registry;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.qdm.simulator.circuit.BlockAnsatz;
import io.qdm.simulator.model.AncillaMode;
import io.qdm.simulator.model.Architecture;
import io.qdm.simulator.model.DenoiserSpec;
import io.qdm.simulator.model.ParameterSharing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The registry's file format, {@value #FORMAT}: one JSON document per model version, readable from Python with
 * {@code json.load} (parameters as a flat list in the simulator's layout; see DenoiserSpec). Example keys:
 * <pre>
 * {"format": "qdm-model/1", "name": "conditioned-latent", "version": "1", "kind": "conditioned-latent",
 *  "classes": 10, "image_size": 28, "autoencoder": "mnist-autoencoder:1",
 *  "spec": {"data_qubits": 3, "label_qubits": 4, "architecture": "reverse_bottleneck", "block": "sel",
 *           "layers": [15, 20, 15], "ancilla_mode": "measure", "sharing": "shared", "timesteps": 8},
 *  "schedule": {"kind": "linear", "timesteps": 8, "beta_start": 0.004, "beta_end": 0.4, "form": "authors_code"},
 *  "parameters": [...1110 numbers...], "metrics": {...}, "provenance": {"seed": "1", ...}, "created_at_ms": 0}
 * </pre>
 */
public final class ModelFile {

    public static final String FORMAT = "qdm-model/1";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ModelFile() {
    }

    /** Reads and validates a model file; errors name the file and the key at fault. */
    public static RegisteredModel read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (IOException e) {
            throw new IOException(file + ": not valid JSON: " + e.getMessage(), e);
        }
        try {
            return fromJson(root, sha256(bytes));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    /** Writes a model file (the checksum of a model is the SHA-256 of exactly these bytes). */
    public static void write(RegisteredModel model, Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, toBytes(model));
    }

    public static byte[] toBytes(RegisteredModel model) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("name", model.name());
        root.put("version", model.version());
        root.put("kind", model.kind());
        root.put("classes", model.classes());
        root.put("image_size", model.imageSize());
        root.put("autoencoder", model.autoencoder());
        DenoiserSpec s = model.spec();
        ObjectNode spec = root.putObject("spec");
        spec.put("data_qubits", s.dataQubits());
        spec.put("label_qubits", s.labelQubits());
        spec.put("architecture", s.architecture().id());
        spec.put("block", s.block().id());
        ArrayNode layers = spec.putArray("layers");
        layers.add(s.s1Layers()).add(s.middleLayers()).add(s.s2Layers());
        spec.put("ancilla_mode", s.ancillaMode().id());
        spec.put("sharing", s.sharing().name().toLowerCase(java.util.Locale.ROOT));
        spec.put("timesteps", s.timesteps());
        root.set("schedule", JSON.valueToTree(model.schedule()));
        ArrayNode params = root.putArray("parameters");
        for (double p : model.parameters()) {
            params.add(p);
        }
        root.set("metrics", JSON.valueToTree(model.metrics()));
        root.set("provenance", JSON.valueToTree(model.provenance()));
        root.put("created_at_ms", model.createdAtMs());
        try {
            return JSON.writeValueAsString(root).getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise model " + model.ref(), e);
        }
    }

    private static RegisteredModel fromJson(JsonNode root, String sha256) {
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
                ParameterSharing.valueOf(text(spec, "sharing").toUpperCase(java.util.Locale.ROOT)),
                required(spec, "timesteps").asInt());
        JsonNode params = required(root, "parameters");
        double[] parameters = new double[params.size()];
        for (int i = 0; i < parameters.length; i++) {
            if (!params.get(i).isNumber() || !Double.isFinite(params.get(i).asDouble())) {
                throw new IllegalArgumentException("parameters[" + i + "]: not a finite number");
            }
            parameters[i] = params.get(i).asDouble();
        }
        Map<String, Object> schedule = root.has("schedule")
                ? JSON.convertValue(root.get("schedule"), new TypeReference<LinkedHashMap<String, Object>>() { })
                : Map.of();
        Map<String, Double> metrics = root.has("metrics")
                ? JSON.convertValue(root.get("metrics"), new TypeReference<LinkedHashMap<String, Double>>() { })
                : Map.of();
        Map<String, String> provenance = root.has("provenance")
                ? JSON.convertValue(root.get("provenance"), new TypeReference<LinkedHashMap<String, String>>() { })
                : Map.of();
        return new RegisteredModel(text(root, "name"), text(root, "version"), text(root, "kind"), denoiser,
                parameters, root.path("classes").asInt(0), schedule, root.path("autoencoder").asText(""),
                root.path("image_size").asInt(0), metrics, provenance, root.path("created_at_ms").asLong(0), sha256);
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

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
