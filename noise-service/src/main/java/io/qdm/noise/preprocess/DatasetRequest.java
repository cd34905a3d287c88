package io.qdm.noise.preprocess;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * A validated {@code qdm.noise.v1.DatasetSpec}: which data, which split, which digits, which resolution, how many.
 * Validation happens in the constructor, so an instance is always usable; every error names the proto field.
 *
 * @param name       "mnist", "fashion-mnist" or "latent"
 * @param split      "train", "test" or "merged" (train then test; the authors' latent model uses merged)
 * @param labels     digits to keep, empty = all ten
 * @param resolution image side after preprocessing: 28 (no resize), 16 or 8; 0 in a request means 28; must be 0
 *                   (stored as 0) for "latent"
 * @param limit      random subset size ({@link DatasetSubset}), 0 = all
 */
public record DatasetRequest(String name, String split, Set<Integer> labels, int resolution, int limit,
        long subsetSeed) {

    public static final Set<String> NAMES = Set.of("mnist", "fashion-mnist", "latent");

    public DatasetRequest {
        name = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        if (!NAMES.contains(name)) {
            throw new IllegalArgumentException("dataset.name: unknown dataset '" + name
                    + "' (expected mnist, fashion-mnist or latent)");
        }
        split = split == null || split.isBlank() ? "train" : split.trim().toLowerCase(Locale.ROOT);
        if (!Set.of("train", "test", "merged").contains(split)) {
            throw new IllegalArgumentException("dataset.split: unknown split '" + split
                    + "' (expected train, test or merged)");
        }
        labels = labels == null ? Set.of() : Set.copyOf(new TreeSet<>(labels));
        for (int l : labels) {
            if (l < 0 || l > 9) {
                throw new IllegalArgumentException("dataset.labels: " + l + " is not a class label (expected 0..9)");
            }
        }
        if (name.equals("latent")) {
            if (resolution != 0) {
                throw new IllegalArgumentException("dataset.resolution: must be 0 for latent datasets (8-dim vectors),"
                        + " got " + resolution);
            }
        } else {
            resolution = resolution == 0 ? 28 : resolution;
            if (resolution != 28 && resolution != 16 && resolution != 8) {
                throw new IllegalArgumentException("dataset.resolution: " + resolution
                        + " is not supported (expected 28, 16 or 8)");
            }
        }
        if (limit < 0) {
            throw new IllegalArgumentException("dataset.limit: must be >= 0, got " + limit);
        }
    }
}
