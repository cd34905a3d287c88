package io.qdm.qpu.provider;

import io.qdm.qpu.emulator.NoiseParameters;
import io.qdm.qpu.transpile.IsaCircuit;

import java.util.List;

/**
 * Circuits submitted together (one vendor job; one PUB each).
 *
 * @param jobId    the QDM job id (tags on the vendor side)
 * @param step     index of the step within the job (0 for whole-chain jobs)
 * @param circuits ISA circuits, all for the same device, one per sample
 * @param shots    shots per circuit
 * @param seed     seed of the emulators' sampling: circuit i draws from a stream derived from
 *                 (seed, timestepIndex, firstSampleIndex + i), so a sample's shots depend on which sample and which
 *                 reverse step it is, never on how the job was batched or split into steps
 * @param noise    the noisy emulator's model (ignored by others)
 * @param timestepIndex    the simulator's timestep index (t − 1) of the batch's first reverse step
 * @param firstSampleIndex global sample index of circuit 0
 */
public record ExecutionBatch(String jobId, int step, List<IsaCircuit> circuits, int shots, long seed,
                             NoiseParameters noise, int timestepIndex, long firstSampleIndex) {
    public ExecutionBatch {
        circuits = List.copyOf(circuits);
    }
}
