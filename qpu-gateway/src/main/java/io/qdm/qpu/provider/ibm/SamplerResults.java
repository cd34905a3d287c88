package io.qdm.qpu.provider.ibm;

import com.fasterxml.jackson.databind.JsonNode;
import io.qdm.qpu.provider.ProviderException;

import java.util.ArrayList;
import java.util.List;

/**
 * Decodes a Sampler V2 result ({@code sampler_result_v2_schema.json}):
 * {@code {"results":[{"data":{"c":{"samples":["0x3",…],"num_bits":2}},"metadata":{}}, …]}} — one entry per PUB,
 * data keyed by classical register name, one hex string per shot, bit i of the integer = bit c[i] (Qiskit
 * little-endian), which is exactly the gateway's sample convention (bit i = logical wire i).
 */
public final class SamplerResults {

    /** The register every ISA circuit measures into ({@code bit[n] c;}). */
    public static final String REGISTER = "c";

    private SamplerResults() {
    }

    /** @throws ProviderException DATA_LOSS naming what is malformed */
    public static List<long[]> decode(String jobId, JsonNode results, int pubs, int numBits) {
        JsonNode list = results.path("results");
        if (!list.isArray() || list.size() != pubs) {
            throw malformed(jobId, "expected " + pubs + " PUB results, got "
                    + (list.isArray() ? list.size() : "no results array"));
        }
        List<long[]> out = new ArrayList<>(pubs);
        for (int p = 0; p < pubs; p++) {
            JsonNode reg = list.get(p).path("data").path(REGISTER);
            JsonNode samples = reg.path("samples");
            if (!samples.isArray()) {
                throw malformed(jobId, "results[" + p + "].data." + REGISTER + ".samples missing");
            }
            if (reg.has("num_bits") && reg.get("num_bits").asInt() != numBits) {
                throw malformed(jobId, "results[" + p + "].data." + REGISTER + ".num_bits is "
                        + reg.get("num_bits").asInt() + ", expected " + numBits);
            }
            if (numBits > 63) {
                throw malformed(jobId, numBits + " classical bits exceed the 63 this gateway decodes");
            }
            long[] shots = new long[samples.size()];
            for (int s = 0; s < shots.length; s++) {
                String hex = samples.get(s).asText("");
                if (!hex.startsWith("0x") || hex.length() < 3) {
                    throw malformed(jobId, "results[" + p + "] sample " + s + " is not a hex string: \""
                            + (hex.length() > 20 ? hex.substring(0, 20) : hex) + "\"");
                }
                try {
                    shots[s] = Long.parseUnsignedLong(hex.substring(2), 16);
                } catch (NumberFormatException e) {
                    throw malformed(jobId, "results[" + p + "] sample " + s + " is not a hex string");
                }
                if (numBits < 63 && (shots[s] >>> numBits) != 0) {
                    throw malformed(jobId, "results[" + p + "] sample " + s + " has more than " + numBits + " bits");
                }
            }
            out.add(shots);
        }
        return out;
    }

    private static ProviderException malformed(String jobId, String what) {
        return new ProviderException("DATA_LOSS", "ibm job " + jobId + ": malformed result: " + what);
    }
}
