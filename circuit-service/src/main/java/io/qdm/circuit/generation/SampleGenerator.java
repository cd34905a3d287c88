package io.qdm.circuit.generation;

import io.qdm.circuit.registry.RegisteredModel;
import io.qdm.circuit.service.ReverseProcess;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Synchronous sampling (the gRPC Generate path): x_T from noise-service, the reverse chain t = T … 1 on the
 * simulator, then the decoder. It computes exactly what the Kafka path computes for the same plan — sample i draws
 * x_T from (seed, i) and its ancilla outcomes from (seed, i, t) — so both paths give identical bytes, whatever the
 * batch sizes. Work is done step by step over the whole request so that progress, cancellation and deadlines are
 * handled between steps and before every call to noise-service or latent-service (one per 256 rows).
 */
public final class SampleGenerator {

    /** Rows per call to noise-service and to the decoder (bounds message sizes; never changes the output). */
    public static final int TRANSFER_ROWS = 256;

    private final ReverseProcess reverseProcess;
    private final InitialStates initialStates;
    private final ImageDecoder decoder;

    public SampleGenerator(ReverseProcess reverseProcess, InitialStates initialStates, ImageDecoder decoder) {
        this.reverseProcess = reverseProcess;
        this.initialStates = initialStates;
        this.decoder = decoder;
    }

    /**
     * @param decode false when only the final states are wanted
     * @throws GenerationStoppedException when {@code control} asks to stop
     */
    public GeneratedSamples generate(GenerationPlan plan, RegisteredModel model, boolean decode,
                                     GenerationControl control) {
        return generate(plan, model, decode, control, reverseProcess::denoise);
    }

    /** The same on another backend (qpu-gateway); results equal the local ones only for exact providers. */
    public GeneratedSamples generate(GenerationPlan plan, RegisteredModel model, boolean decode,
                                     GenerationControl control, ReverseSteps backend) {
        int n = Math.toIntExact(plan.count());
        int dimension = model.spec().dataDimension();
        double[][] states = new double[n][];
        for (int first = 0; first < n; first += TRANSFER_ROWS) {
            int rows = Math.min(TRANSFER_ROWS, n - first);
            checkStop(control, "before drawing x_T of samples " + first + ".." + (first + rows - 1));
            double[][] part = initialStates.draw(rows, dimension, plan.seed(), first);
            if (part.length != rows) {
                throw new IllegalStateException("noise-service returned " + part.length + " initial states, asked for "
                        + rows);
            }
            System.arraycopy(part, 0, states, first, rows);
        }
        int timesteps = model.spec().timesteps();
        for (int step = 1; step <= timesteps; step++) {
            checkStop(control, "before reverse step " + step + " of " + timesteps);
            int t = timesteps - step + 1;
            states = backend.run(model, states, plan.labels(), t, 1, plan.seed(), 0);
            control.stepCompleted(step, timesteps);
        }
        if (!decode) {
            return new GeneratedSamples(states, plan.labels(), null);
        }
        if (model.autoencoder().isEmpty()) {
            throw new IllegalArgumentException("output: model " + model.ref() + " has no decoder (pixel-space models"
                    + " return states; ask for OUTPUT_KIND_STATES)");
        }
        List<DecodedImages> parts = new ArrayList<>();
        for (int first = 0; first < n; first += TRANSFER_ROWS) {
            int rows = Math.min(TRANSFER_ROWS, n - first);
            // every latent-service call is a downstream call: a deadline or cancellation stops before it
            checkStop(control, "before decoding samples " + first + ".." + (first + rows - 1));
            parts.add(decoder.decode(model.autoencoder(), Arrays.copyOfRange(states, first, first + rows)));
        }
        return new GeneratedSamples(states, plan.labels(), DecodedImages.concat(parts));
    }

    private static void checkStop(GenerationControl control, String where) {
        String reason = control.stopReason();
        if (reason != null) {
            throw new GenerationStoppedException(reason + " (" + where + ")");
        }
    }
}
