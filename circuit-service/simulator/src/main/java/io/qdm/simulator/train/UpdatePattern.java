package io.qdm.simulator.train;

/** How optimiser steps are taken over timesteps (notes §4.1, §4.2). */
public enum UpdatePattern {
  /** Authors' arXiv code: for each batch, one Adam step per timestep on that timestep's pairs (T steps per batch). */
  ONE_STEP_PER_TIMESTEP,
  /** Follow-up code: the batch at all T timesteps, loss averaged, one Adam step per batch. */
  ALL_TIMESTEPS_ONE_STEP
}
