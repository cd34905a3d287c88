package io.qdm.datasets;

import java.util.Locale;

/** Which part of a dataset: the original train or test file pair, or both concatenated (train first). */
public enum DatasetSplit {
    TRAIN("train"),
    TEST("test"),
    /** Train followed by test (70,000 images for MNIST), as the authors' latent model uses (notes §1.1). */
    MERGED("merged");

    private final String cliName;

    DatasetSplit(String cliName) {
        this.cliName = cliName;
    }

    public String cliName() {
        return cliName;
    }

    /** @throws IllegalArgumentException naming the field and the accepted values */
    public static DatasetSplit fromName(String name) {
        if (name != null) {
            String n = name.trim().toLowerCase(Locale.ROOT);
            for (DatasetSplit s : values()) {
                if (s.cliName.equals(n)) {
                    return s;
                }
            }
        }
        throw new IllegalArgumentException("split: unknown split '" + name + "' (expected train, test or merged)");
    }
}
