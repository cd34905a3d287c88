package io.qdm.simulator.qasm;

/** The OpenQASM dialects the exporter writes. */
public enum QasmVersion {
  /** OpenQASM 2.0 with {@code qelib1.inc} (rz, ry, cx, u3 ...). Numeric literals only. */
  OPENQASM_2,
  /** OpenQASM 3.0 with {@code stdgates.inc}; literals or {@code input float[64]} parameters. */
  OPENQASM_3
}
