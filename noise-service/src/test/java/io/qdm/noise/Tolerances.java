package io.qdm.noise;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Test tolerances, named once (as EJML's UtilEjml.TEST_F64), and a byte view for determinism checks. */
public final class Tolerances {
    /** Same formula, different operation order or libm: a few ulps of values of order 1. */
    public static final double F64 = 1e-12;
    /** The 4-digit table in qdm-paper-notes §2.1. */
    public static final double NOTES_TABLE = 5e-5;

    private Tolerances() {
    }

    /** Rows as little-endian float64 bytes, the wire form of a COMPLEX128 tensor. */
    public static byte[] bytes(double[][] rows) {
        int n = 0;
        for (double[] r : rows) {
            n += r.length;
        }
        ByteBuffer b = ByteBuffer.allocate(8 * n).order(ByteOrder.LITTLE_ENDIAN);
        for (double[] r : rows) {
            for (double v : r) {
                b.putDouble(v);
            }
        }
        return b.array();
    }
}
