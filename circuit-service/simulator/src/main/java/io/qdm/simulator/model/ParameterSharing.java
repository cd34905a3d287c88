package io.qdm.simulator.model;

/** Whether the denoiser has one parameter set for all timesteps or one per timestep (notes §3.1, §3.4). */
public enum ParameterSharing {
  /** One set (S1, X, S2) used at every timestep: the authors' arXiv code. */
  SHARED,
  /** T sets, set t used at timestep t: the follow-up code. */
  PER_TIMESTEP
}
