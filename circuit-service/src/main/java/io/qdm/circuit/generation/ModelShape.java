package io.qdm.circuit.generation;

/**
 * What generation needs to know of a registered model.
 *
 * @param stateDimension 2^data_qubits
 * @param classes        number of labels a conditioned model accepts (0 = unconditioned)
 */
public record ModelShape(String name, String version, int stateDimension, int classes, int timesteps) {

    public boolean conditioned() {
        return classes > 0;
    }
}
