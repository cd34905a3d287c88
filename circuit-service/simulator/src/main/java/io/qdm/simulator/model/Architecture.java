package io.qdm.simulator.model;

/** How the three blocks of a denoiser are wired together (notes §3.1, §3.3, §3.4). */
public enum Architecture {
  /**
   * S1 on the n+k system wires → ancilla |0⟩ prepended as wire 0 → middle block on n+k+1 wires → ancilla reduced
   * (sampled measurement or post-selection) and renormalised → S2 on n+k wires. The authors' chosen design.
   */
  REVERSE_BOTTLENECK("reverse_bottleneck"),
  /**
   * S1 on n+k wires → wire 0 reduced (sampled measurement or post-selection) and renormalised → middle block on
   * n+k−1 wires → |0⟩ prepended as the new wire 0 → S2 on n+k wires ({@code auto_encoder} in the authors' code).
   */
  BOTTLENECK("bottleneck");

  private final String id;

  Architecture(String id) {
    this.id = id;
  }

  /** Identifier used in checkpoints and reference vectors. */
  public String id() {
    return id;
  }

  /** Parses {@link #id()}. */
  public static Architecture fromId(String id) {
    for (Architecture a : values()) {
      if (a.id.equalsIgnoreCase(id) || a.name().equalsIgnoreCase(id)) {
        return a;
      }
    }
    throw new IllegalArgumentException("unknown architecture '" + id + "'; expected reverse_bottleneck or bottleneck");
  }
}
