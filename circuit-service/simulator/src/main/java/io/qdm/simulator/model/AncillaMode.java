package io.qdm.simulator.model;

/** How the wire removed between the blocks is handled (notes §3.1 step 5, §3.4, §9). */
public enum AncillaMode {
  /**
   * The authors' arXiv code: p0 = ‖first half‖², outcome 0 if u &lt; p0 else 1 for a caller-supplied
   * u ~ U[0,1); keep that half and renormalise. The gradient flows through the kept branch only.
   */
  SAMPLED_MEASUREMENT("measure"),
  /** The follow-up code: always keep the |0⟩ half and renormalise. */
  POSTSELECT_ZERO("postselect");

  private final String id;

  AncillaMode(String id) {
    this.id = id;
  }

  /** Identifier used in checkpoints and reference vectors ("measure", "postselect"). */
  public String id() {
    return id;
  }

  /** Parses {@link #id()}. */
  public static AncillaMode fromId(String id) {
    for (AncillaMode m : values()) {
      if (m.id.equalsIgnoreCase(id) || m.name().equalsIgnoreCase(id)) {
        return m;
      }
    }
    throw new IllegalArgumentException("unknown ancilla mode '" + id + "'; expected measure or postselect");
  }
}
