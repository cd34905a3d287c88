package io.qdm.simulator.gate;

import static io.qdm.simulator.gate.ComplexMatrices.multiply;
import static io.qdm.simulator.gate.ComplexMatrices.of2x2;

import java.util.Locale;

/**
 * The supported gates, their matrices and the derivatives of their matrices with respect to each parameter.
 *
 * <p>Matrices use the interleaved row-major layout of {@link ComplexMatrices}. For a gate on wires
 * (w0, w1) the local basis index is {@code 2·bit(w0) + bit(w1)}: the first listed wire is the more
 * significant local bit, as in PennyLane (so CNOT's first wire is the control).
 *
 * <p>Conventions follow PennyLane exactly (the reference vectors are computed with it):
 * RZ(a) = diag(e^{−ia/2}, e^{ia/2}); RY(a) = [[c, −s], [s, c]] with c = cos(a/2), s = sin(a/2);
 * Rot(φ, θ, ω) = RZ(ω)·RY(θ)·RZ(φ); R3(p0, p1, p2) = RZ(p0)·RY(p1)·RZ(p2) = Rot(p2, p1, p0) (notes §3.4);
 * U3(θ, φ, λ) = [[c, −e^{iλ}s], [e^{iφ}s, e^{i(φ+λ)}c]].
 */
public enum GateKind {
  RX(1, 1), RY(1, 1), RZ(1, 1), ROT(1, 3), R3(1, 3), U3(1, 3),
  H(1, 0), X(1, 0), Y(1, 0), Z(1, 0), S(1, 0), T(1, 0), SX(1, 0),
  CNOT(2, 0), CZ(2, 0), SWAP(2, 0), ECR(2, 0);

  private static final double INV_SQRT2 = 1.0 / Math.sqrt(2.0);

  private final int qubits;
  private final int parameterCount;

  GateKind(int qubits, int parameterCount) {
    this.qubits = qubits;
    this.parameterCount = parameterCount;
  }

  /** Number of wires the gate acts on (1 or 2). */
  public int qubits() {
    return qubits;
  }

  /** Number of real parameters. */
  public int parameterCount() {
    return parameterCount;
  }

  /** True for gates whose matrix is a permutation of basis states (no arithmetic needed to apply). */
  public boolean isPermutation() {
    return this == X || this == CNOT || this == SWAP;
  }

  /** The gate name as used in OpenQASM-like text and the reference vectors (e.g. "Rot", "CNOT"). */
  public String displayName() {
    return this == ROT ? "Rot" : name();
  }

  /**
   * Parses a gate name (case-insensitive; "Rot", "CX" and "CNOT" accepted).
   *
   * @throws IllegalArgumentException naming the input when the gate is not supported
   */
  public static GateKind parse(String name) {
    String upper = name.trim().toUpperCase(Locale.ROOT);
    if (upper.equals("CX")) {
      return CNOT;
    }
    for (GateKind kind : values()) {
      if (kind.name().equals(upper)) {
        return kind;
      }
    }
    throw new IllegalArgumentException("unsupported gate '" + name + "'; supported: RX RY RZ Rot R3 U3 H X Y Z S T SX CNOT CZ SWAP ECR");
  }

  /** The gate matrix for the given parameters (length must equal {@link #parameterCount()}). */
  public double[] matrix(double... p) {
    checkParameters(p);
    switch (this) {
      case RX: return rx(p[0]);
      case RY: return ry(p[0]);
      case RZ: return rz(p[0]);
      case ROT: return multiply(rz(p[2]), multiply(ry(p[1]), rz(p[0])));
      case R3: return multiply(rz(p[0]), multiply(ry(p[1]), rz(p[2])));
      case U3: return u3(p[0], p[1], p[2]);
      case H: return of2x2(INV_SQRT2, 0, INV_SQRT2, 0, INV_SQRT2, 0, -INV_SQRT2, 0);
      case X: return of2x2(0, 0, 1, 0, 1, 0, 0, 0);
      case Y: return of2x2(0, 0, 0, -1, 0, 1, 0, 0);
      case Z: return of2x2(1, 0, 0, 0, 0, 0, -1, 0);
      case S: return of2x2(1, 0, 0, 0, 0, 0, 0, 1);
      case T: return of2x2(1, 0, 0, 0, 0, 0, INV_SQRT2, INV_SQRT2);
      case SX: return of2x2(0.5, 0.5, 0.5, -0.5, 0.5, -0.5, 0.5, 0.5);
      case CNOT: return permutation4(0, 1, 3, 2);
      case SWAP: return permutation4(0, 2, 1, 3);
      case CZ: {
        double[] m = permutation4(0, 1, 2, 3);
        m[2 * 15] = -1;
        return m;
      }
      case ECR: {
        // PennyLane qml.ECR: 1/√2 [[0,0,1,i],[0,0,i,1],[1,−i,0,0],[−i,1,0,0]]
        double r = INV_SQRT2;
        double[] m = new double[32];
        set(m, 4, 0, 2, r, 0); set(m, 4, 0, 3, 0, r);
        set(m, 4, 1, 2, 0, r); set(m, 4, 1, 3, r, 0);
        set(m, 4, 2, 0, r, 0); set(m, 4, 2, 1, 0, -r);
        set(m, 4, 3, 0, 0, -r); set(m, 4, 3, 1, r, 0);
        return m;
      }
      default: throw new IllegalStateException("no matrix for " + this);
    }
  }

  /**
   * ∂U/∂p_index for the given parameters. Rotations use ∂RZ(a)/∂a = −(i/2)Z·RZ(a) etc. and the product rule
   * for the composite rotations (notes §11).
   *
   * @throws IllegalArgumentException for a parameter-free gate or an index out of range
   */
  public double[] derivative(int index, double... p) {
    checkParameters(p);
    if (index < 0 || index >= parameterCount) {
      throw new IllegalArgumentException(this + " has " + parameterCount + " parameters; no derivative for index " + index);
    }
    switch (this) {
      case RX: return drx(p[0]);
      case RY: return dry(p[0]);
      case RZ: return drz(p[0]);
      case ROT:
        switch (index) {
          case 0: return multiply(rz(p[2]), multiply(ry(p[1]), drz(p[0])));
          case 1: return multiply(rz(p[2]), multiply(dry(p[1]), rz(p[0])));
          default: return multiply(drz(p[2]), multiply(ry(p[1]), rz(p[0])));
        }
      case R3:
        switch (index) {
          case 0: return multiply(drz(p[0]), multiply(ry(p[1]), rz(p[2])));
          case 1: return multiply(rz(p[0]), multiply(dry(p[1]), rz(p[2])));
          default: return multiply(rz(p[0]), multiply(ry(p[1]), drz(p[2])));
        }
      case U3: return du3(index, p[0], p[1], p[2]);
      default: throw new IllegalStateException("no derivative for " + this);
    }
  }

  private void checkParameters(double[] p) {
    if (p.length != parameterCount) {
      throw new IllegalArgumentException(this + " takes " + parameterCount + " parameters, got " + p.length);
    }
  }

  static double[] rx(double a) {
    double c = Math.cos(a / 2), s = Math.sin(a / 2);
    return of2x2(c, 0, 0, -s, 0, -s, c, 0);
  }

  static double[] drx(double a) {
    double c = Math.cos(a / 2), s = Math.sin(a / 2);
    return of2x2(-s / 2, 0, 0, -c / 2, 0, -c / 2, -s / 2, 0);
  }

  static double[] ry(double a) {
    double c = Math.cos(a / 2), s = Math.sin(a / 2);
    return of2x2(c, 0, -s, 0, s, 0, c, 0);
  }

  static double[] dry(double a) {
    double c = Math.cos(a / 2), s = Math.sin(a / 2);
    return of2x2(-s / 2, 0, -c / 2, 0, c / 2, 0, -s / 2, 0);
  }

  static double[] rz(double a) {
    double c = Math.cos(a / 2), s = Math.sin(a / 2);
    return of2x2(c, -s, 0, 0, 0, 0, c, s);
  }

  static double[] drz(double a) {
    double c = Math.cos(a / 2), s = Math.sin(a / 2);
    // d/da e^{∓ia/2} = ∓(i/2) e^{∓ia/2}
    return of2x2(-s / 2, -c / 2, 0, 0, 0, 0, -s / 2, c / 2);
  }

  static double[] u3(double theta, double phi, double lambda) {
    double c = Math.cos(theta / 2), s = Math.sin(theta / 2);
    return of2x2(
        c, 0,
        -Math.cos(lambda) * s, -Math.sin(lambda) * s,
        Math.cos(phi) * s, Math.sin(phi) * s,
        Math.cos(phi + lambda) * c, Math.sin(phi + lambda) * c);
  }

  static double[] du3(int index, double theta, double phi, double lambda) {
    double c = Math.cos(theta / 2), s = Math.sin(theta / 2);
    switch (index) {
      case 0:
        return of2x2(
            -s / 2, 0,
            -Math.cos(lambda) * c / 2, -Math.sin(lambda) * c / 2,
            Math.cos(phi) * c / 2, Math.sin(phi) * c / 2,
            -Math.cos(phi + lambda) * s / 2, -Math.sin(phi + lambda) * s / 2);
      case 1: // d/dφ: multiply the bottom row by i
        return of2x2(
            0, 0, 0, 0,
            -Math.sin(phi) * s, Math.cos(phi) * s,
            -Math.sin(phi + lambda) * c, Math.cos(phi + lambda) * c);
      default: // d/dλ: multiply the right column by i
        return of2x2(
            0, 0,
            Math.sin(lambda) * s, -Math.cos(lambda) * s,
            0, 0,
            -Math.sin(phi + lambda) * c, Math.cos(phi + lambda) * c);
    }
  }

  private static double[] permutation4(int... rowOfColumn) {
    double[] m = new double[32];
    for (int col = 0; col < 4; col++) {
      set(m, 4, rowOfColumn[col], col, 1, 0);
    }
    return m;
  }

  private static void set(double[] m, int d, int r, int c, double re, double im) {
    m[2 * (r * d + c)] = re;
    m[2 * (r * d + c) + 1] = im;
  }
}
