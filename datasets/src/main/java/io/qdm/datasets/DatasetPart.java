package io.qdm.datasets;

/** The two IDX files of one split. */
public enum DatasetPart {
    /** IDX3 unsigned bytes [count, 28, 28]. */
    IMAGES,
    /** IDX1 unsigned bytes [count], values 0..9. */
    LABELS
}
