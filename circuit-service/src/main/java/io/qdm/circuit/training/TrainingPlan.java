package io.qdm.circuit.training;

import io.qdm.proto.noise.v1.TrainingPairsRequest;
import io.qdm.simulator.model.DenoiserSpec;
import io.qdm.simulator.train.NoiseSchedule;
import io.qdm.simulator.train.TrainingConfig;

/**
 * A validated training request: what to train (circuit, schedule), on what (dataset), how (optimiser settings) and
 * under which registry name.
 *
 * @param datasetSize number of x0 samples drawn for the synthetic dataset (the authors' DATA_LENGTH, 2048)
 * @param initSigma   0 for the authors' uniform [0, 2π) init, else the standard deviation of a normal init
 * @param pairsRequest the noise-service pair stream to train on, or null for the synthetic dataset
 * @param autoencoder "name:version" of the autoencoder whose latents the model is trained on ("" if none)
 */
public record TrainingPlan(String modelName, String requestId, DenoiserSpec spec, NoiseSchedule schedule,
                           TrainingConfig config, String dataset, int datasetSize, int batchSize, int epochs,
                           double initSigma, long seed, TrainingPairsRequest pairsRequest, String autoencoder) {

    /** True when pairs come from noise-service ({@link #pairsRequest}), false for the in-process synthetic set. */
    public boolean streamed() {
        return pairsRequest != null;
    }
}
