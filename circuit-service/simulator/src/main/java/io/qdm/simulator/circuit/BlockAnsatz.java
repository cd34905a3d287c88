package io.qdm.simulator.circuit;

/** The block ansätze a denoiser can be built from (notes §3.1 and §3.4). */
public enum BlockAnsatz {
  /** {@link StronglyEntanglingLayers} with a CNOT ring (authors' arXiv code). */
  STRONGLY_ENTANGLING("sel"),
  /** {@link IdentityUnitaryR3} with alternating CNOT-chain entanglers (follow-up code). */
  IDENTITY_R3("identity_r3");

  private final String id;

  BlockAnsatz(String id) {
    this.id = id;
  }

  /** Short identifier used in checkpoints and reference vectors ("sel", "identity_r3"). */
  public String id() {
    return id;
  }

  /** Parses {@link #id()}. */
  public static BlockAnsatz fromId(String id) {
    for (BlockAnsatz b : values()) {
      if (b.id.equalsIgnoreCase(id) || b.name().equalsIgnoreCase(id)) {
        return b;
      }
    }
    throw new IllegalArgumentException("unknown block ansatz '" + id + "'; expected sel or identity_r3");
  }

  /** The block's circuit on {@code numWires} wires. */
  public Circuit circuit(int numWires, int layers) {
    return this == STRONGLY_ENTANGLING
        ? StronglyEntanglingLayers.circuit(numWires, layers)
        : IdentityUnitaryR3.circuit(numWires, layers);
  }

  /** 3·L·n for both ansätze. */
  public int parameterCount(int numWires, int layers) {
    return 3 * layers * numWires;
  }
}
