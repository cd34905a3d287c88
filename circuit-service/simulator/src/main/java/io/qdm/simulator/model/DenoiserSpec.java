package io.qdm.simulator.model;

import io.qdm.simulator.circuit.BlockAnsatz;

/**
 * Everything that determines a denoiser's circuit and parameter layout.
 *
 * <p>Parameter layout (the flat vector every API takes): {@code sets} parameter sets one after another (1 when
 * {@link ParameterSharing#SHARED}, {@code timesteps} otherwise, set t for timestep t); within a set the blocks S1, X,
 * S2 in that order; within a block the ansatz's (L, wires, 3) array flattened row-major, exactly as the authors'
 * {@code S1params}, {@code Xparams}, {@code S2params} tensors.
 *
 * @param dataQubits n, the data register (3 for the latent model)
 * @param labelQubits k, the label register placed above the data (4 for the conditioned model, 0 for none)
 * @param architecture block wiring
 * @param block the ansatz of all three blocks
 * @param s1Layers layers of S1
 * @param middleLayers layers of X (L block or B block)
 * @param s2Layers layers of S2
 * @param ancillaMode how the removed wire is handled
 * @param sharing shared or per-timestep parameters
 * @param timesteps T (number of diffusion steps; timesteps are 0..T−1)
 */
public record DenoiserSpec(
    int dataQubits, int labelQubits, Architecture architecture, BlockAnsatz block,
    int s1Layers, int middleLayers, int s2Layers,
    AncillaMode ancillaMode, ParameterSharing sharing, int timesteps) {

  /** Largest system register accepted (the lane layout keeps 2^(n+k+1)·W doubles per buffer). */
  public static final int MAX_SYSTEM_QUBITS = 20;

  public DenoiserSpec {
    if (dataQubits < 1 || labelQubits < 0 || dataQubits + labelQubits > MAX_SYSTEM_QUBITS) {
      throw new IllegalArgumentException("dataQubits " + dataQubits + " + labelQubits " + labelQubits
          + " must be ≥ 1 and ≤ " + MAX_SYSTEM_QUBITS);
    }
    if (architecture == Architecture.BOTTLENECK && dataQubits + labelQubits < 2) {
      throw new IllegalArgumentException("bottleneck needs ≥ 2 system qubits");
    }
    if (s1Layers < 0 || middleLayers < 0 || s2Layers < 0) {
      throw new IllegalArgumentException("layer counts must be ≥ 0");
    }
    if (block == BlockAnsatz.IDENTITY_R3 && (s1Layers % 2 != 0 || middleLayers % 2 != 0 || s2Layers % 2 != 0)) {
      throw new IllegalArgumentException("identity_r3 blocks need even layer counts, got "
          + s1Layers + "," + middleLayers + "," + s2Layers);
    }
    if (timesteps < 1) {
      throw new IllegalArgumentException("timesteps must be ≥ 1, got " + timesteps);
    }
  }

  /**
   * The paper's conditioned latent model as released by the authors (notes §3.1, §4.1): 3 data + 4 label qubits, SEL
   * blocks of 15, 20, 15 layers, reverse bottleneck, sampled ancilla measurement, parameters shared over T = 8 steps.
   * 1110 parameters.
   */
  public static DenoiserSpec conditionedLatent() {
    return new DenoiserSpec(3, 4, Architecture.REVERSE_BOTTLENECK, BlockAnsatz.STRONGLY_ENTANGLING,
        15, 20, 15, AncillaMode.SAMPLED_MEASUREMENT, ParameterSharing.SHARED, 8);
  }

  /**
   * The follow-up's hardware-oriented PQC at its release defaults (notes §3.4): 8 data qubits, no label,
   * IdentityUnitaryR3 blocks [2, 2, 2], ancilla post-selected on 0, one parameter set per timestep, T = 10. 1500 parameters.
   */
  public static DenoiserSpec followUpPqc() {
    return new DenoiserSpec(8, 0, Architecture.REVERSE_BOTTLENECK, BlockAnsatz.IDENTITY_R3,
        2, 2, 2, AncillaMode.POSTSELECT_ZERO, ParameterSharing.PER_TIMESTEP, 10);
  }

  /** n + k. */
  public int systemQubits() {
    return dataQubits + labelQubits;
  }

  /** Wires of the middle block: n+k+1 (reverse bottleneck) or n+k−1 (bottleneck). */
  public int middleQubits() {
    return architecture == Architecture.REVERSE_BOTTLENECK ? systemQubits() + 1 : systemQubits() - 1;
  }

  /** Number of parameter sets (1 or T). */
  public int parameterSets() {
    return sharing == ParameterSharing.SHARED ? 1 : timesteps;
  }

  /** Layers of a block. */
  public int layers(DenoiserBlock b) {
    return switch (b) {
      case S1 -> s1Layers;
      case X -> middleLayers;
      case S2 -> s2Layers;
    };
  }

  /** Wires of a block. */
  public int wires(DenoiserBlock b) {
    return b == DenoiserBlock.X ? middleQubits() : systemQubits();
  }

  /** Parameters of one block in one set. */
  public int blockParameterCount(DenoiserBlock b) {
    return block.parameterCount(wires(b), layers(b));
  }

  /** Parameters of one set (S1 + X + S2). */
  public int parametersPerSet() {
    return blockParameterCount(DenoiserBlock.S1) + blockParameterCount(DenoiserBlock.X) + blockParameterCount(DenoiserBlock.S2);
  }

  /** Total length of the parameter vector. */
  public int parameterCount() {
    return parametersPerSet() * parameterSets();
  }

  /** Offset of a block within a set. */
  public int blockOffsetInSet(DenoiserBlock b) {
    int off = 0;
    for (DenoiserBlock x : DenoiserBlock.values()) {
      if (x == b) {
        return off;
      }
      off += blockParameterCount(x);
    }
    throw new IllegalStateException();
  }

  /** The set used at timestep t (0 when shared). */
  public int parameterSet(int timestep) {
    if (timestep < 0 || timestep >= timesteps) {
      throw new IllegalArgumentException("timestep " + timestep + " outside 0.." + (timesteps - 1));
    }
    return sharing == ParameterSharing.SHARED ? 0 : timestep;
  }

  /** Offset of block b of the set used at timestep t in the flat parameter vector. */
  public int parameterOffset(int timestep, DenoiserBlock b) {
    return parameterSet(timestep) * parametersPerSet() + blockOffsetInSet(b);
  }

  /** Data amplitudes 2^n. */
  public int dataDimension() {
    return 1 << dataQubits;
  }

  /** Number of labels 2^k (1 when unconditioned). */
  public int labelCount() {
    return 1 << labelQubits;
  }
}
