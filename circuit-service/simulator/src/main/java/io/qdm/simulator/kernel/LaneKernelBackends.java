package io.qdm.simulator.kernel;

/**
 * Chooses the kernel backend once per JVM: the Vector API backend when the {@code jdk.incubator.vector} module is
 * in the boot layer (start the JVM with {@code --add-modules jdk.incubator.vector}), otherwise the scalar one.
 * The system property {@code qdm.simulator.kernels=scalar|vector} forces a choice.
 */
public final class LaneKernelBackends {
  private static final LaneKernelBackend SELECTED = choose();

  private LaneKernelBackends() {}

  /** The backend used by the simulator. */
  public static LaneKernelBackend selected() {
    return SELECTED;
  }

  /** The scalar backend (always available). */
  public static LaneKernelBackend scalar() {
    return new ScalarLaneBackend();
  }

  /** True when the Vector API module is available to this JVM. */
  public static boolean vectorApiAvailable() {
    return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
  }

  /** The vector backend; throws IllegalStateException naming the missing flag when unavailable. */
  public static LaneKernelBackend vector() {
    if (!vectorApiAvailable()) {
      throw new IllegalStateException("jdk.incubator.vector is not loaded: start the JVM with --add-modules jdk.incubator.vector");
    }
    return new VectorLaneBackend();
  }

  private static LaneKernelBackend choose() {
    String forced = System.getProperty("qdm.simulator.kernels", "auto");
    return switch (forced) {
      case "scalar" -> scalar();
      case "vector" -> vector();
      case "auto" -> vectorApiAvailable() ? vector() : scalar();
      default -> throw new IllegalArgumentException("qdm.simulator.kernels must be auto, scalar or vector, got " + forced);
    };
  }
}
