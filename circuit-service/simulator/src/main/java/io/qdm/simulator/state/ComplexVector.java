package io.qdm.simulator.state;

import java.util.Arrays;

/**
 * One complex vector (a state or a gradient) in split layout: {@code re[i] + i·im[i]} is amplitude i, wire 0 the
 * most significant bit of i. Immutable from the outside: the constructor and accessors copy.
 */
public record ComplexVector(double[] re, double[] im) {

  public ComplexVector {
    if (re.length != im.length) {
      throw new IllegalArgumentException("re and im differ in length: " + re.length + " vs " + im.length);
    }
    re = re.clone();
    im = im.clone();
  }

  @Override
  public double[] re() {
    return re.clone();
  }

  @Override
  public double[] im() {
    return im.clone();
  }

  /** Number of amplitudes. */
  public int length() {
    return re.length;
  }

  public double re(int i) {
    return re[i];
  }

  public double im(int i) {
    return im[i];
  }

  /** Real vector (imaginary parts zero). */
  public static ComplexVector ofReal(double... re) {
    return new ComplexVector(re, new double[re.length]);
  }

  /** The computational basis state |index⟩ of the given dimension. */
  public static ComplexVector basis(int dimension, int index) {
    double[] re = new double[dimension];
    re[index] = 1;
    return new ComplexVector(re, new double[dimension]);
  }

  /** ‖v‖². */
  public double normSquared() {
    double s = 0;
    for (int i = 0; i < re.length; i++) {
      s += re[i] * re[i] + im[i] * im[i];
    }
    return s;
  }

  /** v/‖v‖; throws when ‖v‖ = 0 (no direction to keep). */
  public ComplexVector normalised() {
    double n = Math.sqrt(normSquared());
    if (!(n > 0) || !Double.isFinite(n)) {
      throw new IllegalArgumentException("cannot normalise a vector of norm " + n);
    }
    double[] r = new double[re.length];
    double[] m = new double[re.length];
    for (int i = 0; i < re.length; i++) {
      r[i] = re[i] / n;
      m[i] = im[i] / n;
    }
    return new ComplexVector(r, m);
  }

  /** ⟨this|other⟩ = Σ conj(this_i)·other_i as {re, im}. */
  public double[] inner(ComplexVector other) {
    if (other.length() != length()) {
      throw new IllegalArgumentException("length mismatch " + length() + " vs " + other.length());
    }
    double r = 0, m = 0;
    for (int i = 0; i < re.length; i++) {
      r += re[i] * other.re[i] + im[i] * other.im[i];
      m += re[i] * other.im[i] - im[i] * other.re[i];
    }
    return new double[] {r, m};
  }

  /** |⟨this|other⟩|². */
  public double fidelity(ComplexVector other) {
    double[] c = inner(other);
    return c[0] * c[0] + c[1] * c[1];
  }

  /** Number of qubits n with 2^n = length; throws if the length is not a power of two. */
  public int numQubits() {
    int n = Integer.numberOfTrailingZeros(re.length);
    if (re.length == 0 || (1 << n) != re.length) {
      throw new IllegalArgumentException("length " + re.length + " is not a power of two");
    }
    return n;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ComplexVector v && Arrays.equals(v.re, re) && Arrays.equals(v.im, im);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(re) * 31 + Arrays.hashCode(im);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < re.length; i++) {
      sb.append(i == 0 ? "" : ", ").append(re[i]).append(im[i] < 0 ? "-" : "+").append(Math.abs(im[i])).append('i');
    }
    return sb.append(']').toString();
  }
}
