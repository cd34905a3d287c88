package io.qdm.qpu.provider;

import io.qdm.qpu.emulator.IsaEmulator;
import io.qdm.qpu.emulator.NoiseParameters;
import io.qdm.qpu.transpile.BackendTarget;
import io.qdm.qpu.transpile.IsaCircuit;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * The local emulators, one device "default" each (all-to-all, Heron basis rz/sx/x/cz):
 * <ul>
 *   <li>{@code statevector}: the exact outcome distribution of each ISA circuit (no shots);</li>
 *   <li>{@code shots}: {@code shots} samples from that distribution (finite-shot statistics);</li>
 *   <li>{@code noisy}: samples from the density-matrix distribution with depolarising gate noise and readout error.</li>
 * </ul>
 * Circuits run on the given executor, never on the caller's thread. Sampling of circuit i in step s uses
 * {@code SplittableRandom(mix(seed, s, i))}: results are reproducible from the job's seed.
 */
public final class EmulatorProvider implements QpuProvider {

    public enum Kind { STATEVECTOR, SHOTS, NOISY }

    private final Kind kind;
    private final int maxQubits;
    private final Executor executor;

    public EmulatorProvider(Kind kind, int maxQubits, Executor executor) {
        this.kind = kind;
        this.maxQubits = maxQubits;
        this.executor = executor;
    }

    @Override
    public String id() {
        return kind.name().toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public boolean sampling() {
        return kind != Kind.STATEVECTOR;
    }

    @Override
    public List<BackendTarget> backends() {
        return List.of(BackendTarget.allToAll(id(), maxQubits));
    }

    @Override
    public String checkDevice(String device) {
        if (device == null || device.isEmpty() || device.equals("default")) {
            return "default";
        }
        throw new IllegalArgumentException("device: provider " + id() + " has only the device \"default\", got \"" + device + "\"");
    }

    @Override
    public int maxQubits(String device) {
        return maxQubits;
    }

    @Override
    public BackendTarget target(String device) {
        checkDevice(device);
        return BackendTarget.allToAll(id(), maxQubits);
    }

    @Override
    public CompletionStage<List<CircuitResult>> execute(ExecutionBatch batch, Consumer<String> vendorJobIds) {
        return CompletableFuture.supplyAsync(() -> run(batch), executor);
    }

    /** Runs a batch on the calling thread (the benchmark and tests use this directly). */
    public List<CircuitResult> run(ExecutionBatch batch) {
        List<CircuitResult> out = new ArrayList<>(batch.circuits().size());
        for (int i = 0; i < batch.circuits().size(); i++) {
            IsaCircuit circuit = batch.circuits().get(i);
            NoiseParameters noise = kind == Kind.NOISY ? batch.noise() : null;
            double[] p = IsaEmulator.probabilities(circuit, noise);
            if (kind == Kind.STATEVECTOR) {
                out.add(CircuitResult.exact(p));
            } else {
                SplittableRandom rng = new SplittableRandom(streamSeed(batch.seed(), batch.timestepIndex(),
                        batch.firstSampleIndex() + i));
                out.add(CircuitResult.ofSamples(IsaEmulator.sample(p, circuit.numClbits(), batch.shots(), rng)));
            }
        }
        return out;
    }

    /** SplitMix64 finaliser over (seed, timestep index, sample index). */
    public static long streamSeed(long seed, int timestepIndex, long sampleIndex) {
        long h = mix(seed + 0x9E3779B97F4A7C15L);
        h = mix(h ^ (sampleIndex * 0x9E3779B97F4A7C15L));
        h = mix(h ^ (long) timestepIndex);
        return h;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
