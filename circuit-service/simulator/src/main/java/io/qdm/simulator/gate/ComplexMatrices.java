package io.qdm.simulator.gate;

/**
 * Small dense complex matrices used for gate definitions.
 *
 * <p>Storage: a {@code double[]} of length {@code 2·d·d}, row-major, <b>interleaved</b> real/imaginary
 * (element (r, c) has its real part at {@code 2·(r·d + c)} and its imaginary part right after), like
 * EJML's {@code ZMatrixRMaj}. Gate matrices are at most 4×4, so these helpers favour clarity over speed;
 * the hot loops live in {@code io.qdm.simulator.kernel} and never call them per amplitude.
 */
public final class ComplexMatrices {
  private ComplexMatrices() {}

  /** Dimension d of a square matrix stored as {@code 2·d·d} doubles. */
  public static int dimension(double[] m) {
    int d = (int) Math.round(Math.sqrt(m.length / 2.0));
    if (2 * d * d != m.length) {
      throw new IllegalArgumentException("not a square interleaved complex matrix: length " + m.length);
    }
    return d;
  }

  /** The d×d identity. */
  public static double[] identity(int d) {
    double[] m = new double[2 * d * d];
    for (int i = 0; i < d; i++) {
      m[2 * (i * d + i)] = 1.0;
    }
    return m;
  }

  /** Returns a·b (explicit new output; callers are not in hot loops). */
  public static double[] multiply(double[] a, double[] b) {
    int d = dimension(a);
    if (dimension(b) != d) {
      throw new IllegalArgumentException("dimension mismatch " + d + " vs " + dimension(b));
    }
    double[] c = new double[2 * d * d];
    for (int r = 0; r < d; r++) {
      for (int col = 0; col < d; col++) {
        double re = 0;
        double im = 0;
        for (int k = 0; k < d; k++) {
          double ar = a[2 * (r * d + k)];
          double ai = a[2 * (r * d + k) + 1];
          double br = b[2 * (k * d + col)];
          double bi = b[2 * (k * d + col) + 1];
          re += ar * br - ai * bi;
          im += ar * bi + ai * br;
        }
        c[2 * (r * d + col)] = re;
        c[2 * (r * d + col) + 1] = im;
      }
    }
    return c;
  }

  /** Returns the conjugate transpose a†. */
  public static double[] adjoint(double[] a) {
    int d = dimension(a);
    double[] c = new double[2 * d * d];
    for (int r = 0; r < d; r++) {
      for (int col = 0; col < d; col++) {
        c[2 * (col * d + r)] = a[2 * (r * d + col)];
        c[2 * (col * d + r) + 1] = -a[2 * (r * d + col) + 1];
      }
    }
    return c;
  }

  /** Returns s·a for a complex scalar s = sr + i·si. */
  public static double[] scale(double sr, double si, double[] a) {
    double[] c = new double[a.length];
    for (int k = 0; k < a.length; k += 2) {
      c[k] = sr * a[k] - si * a[k + 1];
      c[k + 1] = sr * a[k + 1] + si * a[k];
    }
    return c;
  }

  /** Kronecker product a ⊗ b (a is the more significant factor). */
  public static double[] kron(double[] a, double[] b) {
    int da = dimension(a);
    int db = dimension(b);
    int d = da * db;
    double[] c = new double[2 * d * d];
    for (int ar = 0; ar < da; ar++) {
      for (int ac = 0; ac < da; ac++) {
        double xr = a[2 * (ar * da + ac)];
        double xi = a[2 * (ar * da + ac) + 1];
        for (int br = 0; br < db; br++) {
          for (int bc = 0; bc < db; bc++) {
            double yr = b[2 * (br * db + bc)];
            double yi = b[2 * (br * db + bc) + 1];
            int idx = 2 * ((ar * db + br) * d + ac * db + bc);
            c[idx] = xr * yr - xi * yi;
            c[idx + 1] = xr * yi + xi * yr;
          }
        }
      }
    }
    return c;
  }

  /** Builds a 2×2 matrix from its four complex entries. */
  public static double[] of2x2(
      double u00r, double u00i, double u01r, double u01i, double u10r, double u10i, double u11r, double u11i) {
    return new double[] {u00r, u00i, u01r, u01i, u10r, u10i, u11r, u11i};
  }
}
