package io.qdm.simulator.model;

/** The three trainable blocks of a denoiser, in parameter-layout order. */
public enum DenoiserBlock {
  /** First block, on the system wires (data + label). */
  S1,
  /** Middle block: L (reverse bottleneck, one wire more) or B (bottleneck, one wire fewer). */
  X,
  /** Last block, on the system wires. */
  S2
}
