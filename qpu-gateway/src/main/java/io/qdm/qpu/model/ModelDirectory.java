package io.qdm.qpu.model;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The model registry directory shared with circuit-service ({@code *.json} files in {@value ModelFileReader#FORMAT}).
 * Read on every lookup (a directory of small files; models published meanwhile are found without a restart).
 * "Latest" orders versions numerically when both are numbers, else lexically, as circuit-service does.
 */
public final class ModelDirectory {

    private final Path dir;

    public ModelDirectory(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    /**
     * The named version (the latest when {@code version} is empty).
     *
     * @throws IllegalArgumentException for a malformed name (field "model.name")
     */
    public Optional<DenoiserModel> find(String name, String version) {
        if (name == null || !name.matches("[a-z0-9][a-z0-9-]*")) {
            throw new IllegalArgumentException("model.name: expected lower-case letters, digits and '-', got '" + name + "'");
        }
        List<DenoiserModel> versions = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
                for (Path file : files) {
                    DenoiserModel m;
                    try {
                        m = ModelFileReader.read(file);
                    } catch (IOException | RuntimeException e) {
                        continue;   // another model's broken file must not hide this one; circuit-service reports it
                    }
                    if (m.name().equals(name)) {
                        versions.add(m);
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot list the model directory " + dir + ": " + e.getMessage(), e);
            }
        }
        if (version != null && !version.isEmpty()) {
            return versions.stream().filter(m -> m.version().equals(version)).findFirst();
        }
        return versions.stream().max(Comparator.comparing(DenoiserModel::version, ModelDirectory::compareVersions));
    }

    static int compareVersions(String a, String b) {
        if (a.matches("\\d{1,18}") && b.matches("\\d{1,18}")) {
            return Long.compare(Long.parseLong(a), Long.parseLong(b));
        }
        return a.compareTo(b);
    }
}
