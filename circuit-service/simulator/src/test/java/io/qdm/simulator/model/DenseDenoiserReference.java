package io.qdm.simulator.model;

import io.qdm.simulator.DenseReference;
import io.qdm.simulator.state.ComplexVector;
import java.util.Arrays;

/** A naive, allocation-happy forward pass of a denoiser on one sample built on {@link DenseReference} (tests only). */
final class DenseDenoiserReference {
  private DenseDenoiserReference() {}

  /** Output state for one sample; {@code outcome} is the kept branch (0/1) of the reduced wire. */
  static ComplexVector forward(DenoiserSpec spec, double[] params, ComplexVector x, int label, int t, int outcome) {
    int dataDim = spec.dataDimension();
    int sys = spec.systemQubits();
    double[] re = new double[1 << sys];
    double[] im = new double[1 << sys];
    for (int j = 0; j < dataDim; j++) {
      re[label * dataDim + j] = x.re(j);
      im[label * dataDim + j] = x.im(j);
    }
    ComplexVector v = new ComplexVector(re, im);
    v = block(spec, params, t, DenoiserBlock.S1, v);
    if (spec.architecture() == Architecture.REVERSE_BOTTLENECK) {
      v = prependZero(v);
      v = block(spec, params, t, DenoiserBlock.X, v);
      v = keepHalf(v, outcome).normalised();
    } else {
      v = keepHalf(v, outcome).normalised();
      v = block(spec, params, t, DenoiserBlock.X, v);
      v = prependZero(v);
    }
    v = block(spec, params, t, DenoiserBlock.S2, v);
    double[] r = v.re();
    double[] m = v.im();
    return new ComplexVector(Arrays.copyOfRange(r, label * dataDim, (label + 1) * dataDim),
        Arrays.copyOfRange(m, label * dataDim, (label + 1) * dataDim)).normalised();
  }

  static ComplexVector block(DenoiserSpec spec, double[] params, int t, DenoiserBlock b, ComplexVector v) {
    int off = spec.parameterOffset(t, b);
    double[] local = Arrays.copyOfRange(params, off, off + spec.blockParameterCount(b));
    return DenseReference.run(spec.block().circuit(spec.wires(b), spec.layers(b)), local, v);
  }

  static ComplexVector prependZero(ComplexVector v) {
    return new ComplexVector(Arrays.copyOf(v.re(), 2 * v.length()), Arrays.copyOf(v.im(), 2 * v.length()));
  }

  static ComplexVector keepHalf(ComplexVector v, int outcome) {
    int h = v.length() / 2;
    return new ComplexVector(Arrays.copyOfRange(v.re(), outcome * h, outcome * h + h),
        Arrays.copyOfRange(v.im(), outcome * h, outcome * h + h));
  }
}
