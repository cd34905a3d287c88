package io.qdm.simulator.model;

import io.qdm.simulator.state.ComplexVector;
import java.util.List;

/**
 * Result of running a denoiser on a batch.
 *
 * @param outputs the normalised 2^n data-register output per sample (empty list when not requested)
 * @param ancillaOutcomes the kept branch (0 or 1) of the removed wire per sample
 * @param fidelities |⟨target|out⟩|² per sample (NaN when no targets were given)
 * @param loss mean infidelity 1 − mean_b fidelity (NaN when no targets)
 * @param gradient ∂loss/∂θ over the whole parameter vector (null when not requested)
 */
public record DenoiserEvaluation(
    List<ComplexVector> outputs, int[] ancillaOutcomes, double[] fidelities, double loss, double[] gradient) {}
