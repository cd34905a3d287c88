package io.qdm.qpu.provider;

import io.qdm.qpu.emulator.NoiseParameters;
import io.qdm.qpu.transpile.IsaCircuit;

import java.util.List;

/**
 * Circuits submitted together (one vendor job; one PUB each).
 *
 * @param jobId    the QDM job id (tags on the vendor side)
 * @param step     index of the step within the job (0 for whole-chain jobs)
 * @param circuits ISA circuits, all for the same device
 * @param shots    shots per circuit
 * @param seed     seed of the emulators' sampling (circuit i of step s uses a stream derived from seed, s, i)
 * @param noise    the noisy emulator's model (ignored by others)
 */
public record ExecutionBatch(String jobId, int step, List<IsaCircuit> circuits, int shots, long seed,
                             NoiseParameters noise) {
    public ExecutionBatch {
        circuits = List.copyOf(circuits);
    }
}
