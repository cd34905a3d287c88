package io.qdm.simulator.model;

import io.qdm.simulator.state.ComplexVector;

/**
 * One training pair: the model should map {@code input} (|x_{t+1}⟩) at {@code timestep} and {@code label} to
 * {@code target} (|x_t⟩); both normalised 2^n-vectors on the data register (notes §2.1).
 */
public record TrainingSample(ComplexVector input, ComplexVector target, int label, int timestep) {}
