package io.qdm.qpu.service;

import io.qdm.qpu.emulator.NoiseParameters;

/**
 * A SubmitJob request after transport decoding (not yet checked against the model).
 *
 * @param states         rows of interleaved (re, im) amplitudes
 * @param labels         one per row for conditioned models, else empty
 * @param timestep       t of the input x_t (1..T); step s applies the parameters of timestep t − s
 * @param steps          reverse steps (0 = 1)
 * @param shots          shots per circuit (0 = default)
 * @param noise          only for provider "noisy" (null = not given)
 * @param requestSha256  fingerprint of the request without its meta (idempotency: same key + same fingerprint)
 * @param firstSampleIndex global index of row 0's sample: row i draws with (seed, firstSampleIndex + i, timestep)
 * @param clientContext  opaque bytes of the caller, stored and echoed (never interpreted)
 */
public record SubmitCommand(String requestId, String idempotencyKey, String provider, String device,
                            String modelName, String modelVersion, double[][] states, int[] labels, int timestep,
                            int steps, ExecutionMode mode, int shots, long seed, NoiseParameters noise,
                            String requestSha256, long firstSampleIndex, byte[] clientContext) {
}
