package io.qdm.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Combines one run of the Java simulator benchmark with one run of the Python peers (bench/peers) into the issue's
 * JSON: the simulator's keys, the peers' timings under {@code peers}, and the ratios
 * {@code speedup_vs_default_qubit}, {@code speedup_vs_lightning_adjoint}, {@code speedup_vs_qiskit_aer}, each the
 * peer's milliseconds per training step (batch 64, the 1110-parameter circuit) over the simulator's.
 */
public final class SimulatorComparison {

    /** Peer key in bench_training_step.py's JSON → ratio key in the merged JSON. */
    public static final Map<String, String> RATIOS = new LinkedHashMap<>();

    static {
        RATIOS.put("default_qubit_backprop_ms_per_step", "speedup_vs_default_qubit");
        RATIOS.put("lightning_adjoint_ms_per_step", "speedup_vs_lightning_adjoint");
        RATIOS.put("qiskit_aer_ms_per_step", "speedup_vs_qiskit_aer");
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private SimulatorComparison() {
    }

    /** The merged document; peers may be null (then no ratios, and {@code peers_error} says why). */
    public static ObjectNode merge(JsonNode simulator, JsonNode peers, String peersError) {
        ObjectNode out = simulator.deepCopy();
        double ours = simulator.path("step_ms_batch64").asDouble(Double.NaN);
        if (peers == null) {
            out.put("peers_error", peersError);
            return out;
        }
        out.set("peers", peers);
        for (Map.Entry<String, String> e : RATIOS.entrySet()) {
            double theirs = peers.path(e.getKey()).asDouble(Double.NaN);
            if (Double.isFinite(theirs) && Double.isFinite(ours) && ours > 0) {
                out.put(e.getValue(), theirs / ours);
            }
        }
        return out;
    }

    /** A short table of the ratios, for the terminal. */
    public static String table(ObjectNode merged) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "%nOne training step, batch 64, 1110-parameter conditioned latent circuit (same machine, same run)%n"
                        + "%-40s %14s %10s%n", "stack", "ms per step", "ratio"));
        sb.append(String.format(Locale.ROOT, "%-40s %14.2f %10s%n", "QDM simulator (Java)",
                merged.path("step_ms_batch64").asDouble(Double.NaN), "1"));
        JsonNode peers = merged.path("peers");
        for (Map.Entry<String, String> e : RATIOS.entrySet()) {
            sb.append(String.format(Locale.ROOT, "%-40s %14.2f %9.1fx%n", e.getKey().replace("_ms_per_step", ""),
                    peers.path(e.getKey()).asDouble(Double.NaN), merged.path(e.getValue()).asDouble(Double.NaN)));
        }
        if (merged.has("peers_error")) {
            sb.append("peers not run: ").append(merged.get("peers_error").asText()).append('\n');
        }
        return sb.toString();
    }

    public static JsonNode read(Path file) throws IOException {
        return JSON.readTree(file.toFile());
    }

    public static void write(ObjectNode merged, Path file) throws IOException {
        JSON.writeValue(file.toFile(), merged);
    }
}
