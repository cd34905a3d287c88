package io.qdm.qpu;

/** Tolerances named once (STYLE: EJML UtilEjml.TEST_F64). */
public final class Tolerances {
    /** State preparation and transpilation are exact up to rounding: fidelity ≥ 1 − this. */
    public static final double FIDELITY_F64 = 1e-12;
    /** Matrix entries after a few dozen double-precision products. */
    public static final double MATRIX_F64 = 1e-10;

    private Tolerances() {
    }
}
