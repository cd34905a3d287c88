package io.qdm.circuit.training;

import io.qdm.simulator.model.DenoiserSpec;
import io.qdm.simulator.train.NoiseSchedule;
import io.qdm.simulator.train.TrainingConfig;

/**
 * A validated training request: what to train (circuit, schedule), on what (dataset), how (optimiser settings) and
 * under which registry name.
 *
 * @param datasetSize number of x0 samples drawn for the synthetic dataset (the authors' DATA_LENGTH, 2048)
 * @param initSigma   0 for the authors' uniform [0, 2π) init, else the standard deviation of a normal init
 */
public record TrainingPlan(String modelName, String requestId, DenoiserSpec spec, NoiseSchedule schedule,
                           TrainingConfig config, String dataset, int datasetSize, int batchSize, int epochs,
                           double initSigma, long seed) {
}
