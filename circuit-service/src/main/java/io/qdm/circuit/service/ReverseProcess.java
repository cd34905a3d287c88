package io.qdm.circuit.service;

import io.qdm.circuit.random.SampleStreams;
import io.qdm.circuit.registry.RegisteredModel;
import io.qdm.simulator.model.CompiledDenoiser;
import io.qdm.simulator.model.Denoiser;
import io.qdm.simulator.model.DenoiserEvaluation;
import io.qdm.simulator.state.ComplexVector;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The reverse (denoising) process on the exact simulator (notes §6), folded into per-label matrices
 * ({@link CompiledDenoiser}) for models small enough: starting at step t, apply the model's circuit
 * for steps t, t−1, …, t−steps+1, each mapping |x_t⟩ to |x_{t−1}⟩. Step t uses the simulator's timestep index t−1.
 * The ancilla measurement of sample i at step t draws u from (seed, first sample index + i, t−1), so the output
 * never depends on how samples are batched.
 */
public final class ReverseProcess implements AutoCloseable {

    /** Input rows must be unit-norm to this tolerance (they are quantum states). */
    public static final double NORM_TOLERANCE = 1e-9;

    private final int threads;
    private final Map<String, Denoiser> denoisers = new ConcurrentHashMap<>();
    private final Map<String, CompiledDenoiser> compiled = new ConcurrentHashMap<>();

    public ReverseProcess(int threads) {
        this.threads = threads;
    }

    /**
     * @param states rows of interleaved (re, im) amplitudes, each of length 2·2^data_qubits and unit norm
     * @param labels one per row for a conditioned model, empty otherwise
     * @return the denoised rows, interleaved, unit norm
     */
    public double[][] denoise(RegisteredModel model, double[][] states, int[] labels, int t, int steps, long seed,
                              long firstSampleIndex) {
        validate(model, states, labels, t, steps, firstSampleIndex);
        int rows = states.length;
        int[] effectiveLabels = labels.length == 0 ? new int[rows] : labels;
        List<ComplexVector> current = new ArrayList<>(rows);
        for (double[] row : states) {
            current.add(toVector(row));
        }
        for (int s = 0; s < steps; s++) {
            int index = t - 1 - s;
            int[] timesteps = new int[rows];
            double[] uniforms = new double[rows];
            for (int i = 0; i < rows; i++) {
                timesteps[i] = index;
                uniforms[i] = SampleStreams.uniform(seed, firstSampleIndex + i, index, SampleStreams.ANCILLA, 0);
            }
            current = step(model, current, effectiveLabels, timesteps, uniforms).outputs();
        }
        double[][] out = new double[rows][];
        for (int i = 0; i < rows; i++) {
            out[i] = toInterleaved(current.get(i));
        }
        return out;
    }

    /**
     * Builds what {@link #denoise} needs for {@code model} ahead of the first request (the folded matrices take up to
     * a second on a cold JVM); a no-op when already built or when the model runs gate by gate.
     */
    public void prepare(RegisteredModel model) {
        if (CompiledDenoiser.fits(model.spec())) {
            compiled.computeIfAbsent(model.ref(), ref -> CompiledDenoiser.compile(model.spec(), model.parameters()));
        }
    }

    /**
     * One reverse step of every row: the folded matrices ({@link CompiledDenoiser}: two small matrix products per
     * sample instead of the circuit's gates, equal to rounding) when the model is small enough to fold, else the
     * gate-by-gate simulator on tiles sized to the call. Either way a row's bits depend only on the row.
     */
    private DenoiserEvaluation step(RegisteredModel model, List<ComplexVector> current, int[] labels, int[] timesteps,
                                    double[] uniforms) {
        if (CompiledDenoiser.fits(model.spec())) {
            prepare(model);
            return compiled.get(model.ref()).forward(current, labels, timesteps, uniforms);
        }
        int lanes = lanesFor(current.size());
        Denoiser denoiser = denoisers.computeIfAbsent(model.ref() + "@" + lanes,
                key -> new Denoiser(model.spec(), lanes, threads));
        synchronized (denoiser) {
            return denoiser.forward(model.parameters(), current, labels, timesteps, uniforms);
        }
    }

    /**
     * Tile width for a call of {@code rows} samples: the smallest of 4, 8, 16 and {@link Denoiser#DEFAULT_LANES}
     * that holds them. A one-sample request (the gRPC latency case) would otherwise pay for a whole 32-lane tile,
     * 32 times its own work. A sample's output does not depend on the tile width (DenoiserTest
     * eachSamplesOutputIsBitIdenticalInAnyBatchPositionTilingAndThreadCount), so neither do the bytes generated.
     */
    static int lanesFor(int rows) {
        int lanes = 4;
        while (lanes < rows && lanes < Denoiser.DEFAULT_LANES) {
            lanes *= 2;
        }
        return lanes;
    }

    private static void validate(RegisteredModel model, double[][] states, int[] labels, int t, int steps,
                                 long firstSampleIndex) {
        int dimension = model.spec().dataDimension();
        int timesteps = model.spec().timesteps();
        if (states.length == 0) {
            throw new IllegalArgumentException("states: empty batch");
        }
        for (int i = 0; i < states.length; i++) {
            if (states[i].length != 2 * dimension) {
                throw new IllegalArgumentException("states: row " + i + " has " + states[i].length / 2
                        + " amplitudes, model " + model.ref() + " needs " + dimension);
            }
            double norm2 = 0;
            for (double v : states[i]) {
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("states: row " + i + " has a non-finite amplitude");
                }
                norm2 += v * v;
            }
            if (Math.abs(Math.sqrt(norm2) - 1.0) > NORM_TOLERANCE) {
                throw new IllegalArgumentException("states: row " + i + " has norm " + Math.sqrt(norm2)
                        + ", expected 1 ± " + NORM_TOLERANCE);
            }
        }
        if (model.classes() > 0) {
            if (labels.length != states.length) {
                throw new IllegalArgumentException("labels: model " + model.ref() + " is conditioned; expected one label"
                        + " per row (" + states.length + "), got " + labels.length);
            }
            for (int i = 0; i < labels.length; i++) {
                if (labels[i] < 0 || labels[i] >= model.classes()) {
                    throw new IllegalArgumentException("labels: label " + labels[i] + " at row " + i
                            + " is outside 0.." + (model.classes() - 1));
                }
            }
        } else if (labels.length != 0) {
            throw new IllegalArgumentException("labels: model " + model.ref() + " is unconditioned and takes no labels");
        }
        if (t < 1 || t > timesteps) {
            throw new IllegalArgumentException("timestep: must be in [1, " + timesteps + "] for model " + model.ref()
                    + ", got " + t);
        }
        if (steps < 1 || steps > t) {
            throw new IllegalArgumentException("steps: must be in [1, timestep=" + t + "], got " + steps);
        }
        if (firstSampleIndex < 0) {
            throw new IllegalArgumentException("first_sample_index: must be >= 0, got " + firstSampleIndex);
        }
    }

    /** Interleaved (re, im) amplitudes → a simulator vector. */
    public static ComplexVector toVector(double[] interleaved) {
        int n = interleaved.length / 2;
        double[] re = new double[n];
        double[] im = new double[n];
        for (int k = 0; k < n; k++) {
            re[k] = interleaved[2 * k];
            im[k] = interleaved[2 * k + 1];
        }
        return new ComplexVector(re, im);
    }

    static double[] toInterleaved(ComplexVector v) {
        double[] out = new double[2 * v.length()];
        for (int k = 0; k < v.length(); k++) {
            out[2 * k] = v.re(k);
            out[2 * k + 1] = v.im(k);
        }
        return out;
    }

    @Override
    public void close() {
        denoisers.values().forEach(Denoiser::close);
        denoisers.clear();
        compiled.clear();
    }
}
