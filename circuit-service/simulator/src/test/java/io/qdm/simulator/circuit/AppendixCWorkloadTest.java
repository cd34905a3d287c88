package io.qdm.simulator.circuit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.qdm.simulator.Tolerance;
import io.qdm.simulator.fusion.GateFusion;
import io.qdm.simulator.gradient.CircuitObjective;
import io.qdm.simulator.state.StateBatch;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The perf-notes Appendix C workload reproduces the printed ⟨Z0⟩ values. Appendix C is little-endian (qubit q = bit
 * q), so its qubit q is our wire n−1−q; {@link AppendixCWorkload} does that mapping.
 */
class AppendixCWorkloadTest {

  @ParameterizedTest
  @CsvSource({"4, 0.171744", "6, -0.0139428", "8, -0.0207728", "10, -0.00447276", "12, -0.000573704"})
  void expectationOfZ0MatchesThePrintedReference(int n, double expected) {
    StateBatch s = StateBatch.of(AppendixCWorkload.initialState(n));
    GateFusion.compile(AppendixCWorkload.circuit(n, AppendixCWorkload.LAYERS)).bind(new double[0], 0).apply(s);
    // qubit 0 of Appendix C = our wire n−1
    double z0 = CircuitObjective.pauliZ(n - 1).value(s.lane(0));
    assertEquals(expected, z0, Math.abs(expected) * Tolerance.PRINTED_SIX_DIGITS + 1e-12);
    assertEquals(1.0, s.lane(0).normSquared(), Tolerance.AMPLITUDE);
  }
}
