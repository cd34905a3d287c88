package io.qdm.datasets;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The image datasets QDM can fetch and read. {@link #cliName()} is the name used on the command line and in requests. */
public enum DatasetId {
    MNIST("mnist"),
    FASHION_MNIST("fashion-mnist");

    private final String cliName;

    DatasetId(String cliName) {
        this.cliName = cliName;
    }

    public String cliName() {
        return cliName;
    }

    /**
     * Parses a dataset name ("mnist", "fashion-mnist"; case-insensitive, '_' accepted for '-').
     *
     * @throws IllegalArgumentException naming the field and the accepted values
     */
    public static DatasetId fromName(String name) {
        if (name != null) {
            String n = name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
            for (DatasetId id : values()) {
                if (id.cliName.equals(n)) {
                    return id;
                }
            }
        }
        throw new IllegalArgumentException("dataset: unknown dataset '" + name + "' (expected one of "
                + Arrays.stream(values()).map(DatasetId::cliName).collect(Collectors.joining(", ")) + ")");
    }
}
