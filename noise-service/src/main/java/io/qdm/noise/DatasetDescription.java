package io.qdm.noise;

import java.util.List;
import java.util.Map;

/**
 * A dataset this replica can read, already verified (proto {@code DatasetInfo}).
 *
 * @param sampleShape shape of one sample as stored (e.g. [28, 28] for MNIST images, [8] for latents)
 * @param sha256      SHA-256 (lower-case hex) of each file it is read from, by file name; for IDX files the hash of the
 *                    decompressed content (what the catalogue records)
 * @param source      the directory or file it is read from
 */
public record DatasetDescription(String name, String split, long count, List<Long> sampleShape,
        Map<String, String> sha256, String source) {
}
