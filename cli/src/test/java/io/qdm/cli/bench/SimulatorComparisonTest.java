package io.qdm.cli.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SimulatorComparisonTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void ratiosArePeerTimeOverOurTimeForTheSameStep() throws Exception {
        ObjectNode sim = (ObjectNode) JSON.readTree("{\"step_ms_batch64\": 4.0, \"params_conditioned_latent\": 1110}");
        ObjectNode peers = (ObjectNode) JSON.readTree("{\"default_qubit_backprop_ms_per_step\": 271.0,"
                + " \"lightning_adjoint_ms_per_step\": 10300.0, \"qiskit_aer_ms_per_step\": 1.0e6}");
        ObjectNode merged = SimulatorComparison.merge(sim, peers, null);
        assertEquals(67.75, merged.get("speedup_vs_default_qubit").asDouble(), 1e-12);
        assertEquals(2575.0, merged.get("speedup_vs_lightning_adjoint").asDouble(), 1e-12);
        assertEquals(250000.0, merged.get("speedup_vs_qiskit_aer").asDouble(), 1e-9);
        assertEquals(1110, merged.get("params_conditioned_latent").asInt());
        assertEquals(271.0, merged.get("peers").get("default_qubit_backprop_ms_per_step").asDouble());
        assertTrue(SimulatorComparison.table(merged).contains("67.8x"));
    }

    @Test
    void withoutPeersThereAreNoRatiosAndTheReasonIsRecorded() throws Exception {
        ObjectNode sim = (ObjectNode) JSON.readTree("{\"step_ms_batch64\": 4.0}");
        ObjectNode merged = SimulatorComparison.merge(sim, null, "skipped (--no-peers)");
        assertFalse(merged.has("speedup_vs_default_qubit"));
        assertEquals("skipped (--no-peers)", merged.get("peers_error").asText());
    }
}
