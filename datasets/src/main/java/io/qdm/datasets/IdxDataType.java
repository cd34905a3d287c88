package io.qdm.datasets;

/**
 * Element types of the IDX format (third byte of the magic number), as defined by LeCun's MNIST page.
 * All multi-byte types are big-endian on disk.
 */
public enum IdxDataType {
    UNSIGNED_BYTE(0x08, 1),
    SIGNED_BYTE(0x09, 1),
    SHORT(0x0B, 2),
    INT(0x0C, 4),
    FLOAT(0x0D, 4),
    DOUBLE(0x0E, 8);

    private final int code;
    private final int byteSize;

    IdxDataType(int code, int byteSize) {
        this.code = code;
        this.byteSize = byteSize;
    }

    /** The type byte as written in the magic number. */
    public int code() {
        return code;
    }

    /** Bytes per element. */
    public int byteSize() {
        return byteSize;
    }

    /** The type with this code, or {@code null} if the code is not one the format defines. */
    static IdxDataType fromCode(int code) {
        for (IdxDataType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        return null;
    }
}
