package io.qdm.circuit.registry;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The versioned models this replica can run. Versions are immutable: registering a different model under an existing
 * name and version is refused. Versions order numerically when both are numbers, else lexically; "latest" is the
 * greatest.
 */
public final class ModelRegistry {

    private static final Comparator<String> VERSION_ORDER = (a, b) -> {
        boolean na = a.chars().allMatch(Character::isDigit) && !a.isEmpty();
        boolean nb = b.chars().allMatch(Character::isDigit) && !b.isEmpty();
        if (na && nb) {
            return new java.math.BigInteger(a).compareTo(new java.math.BigInteger(b));
        }
        return a.compareTo(b);
    };

    private final Map<String, NavigableMap<String, RegisteredModel>> models = new ConcurrentHashMap<>();

    /** Loads every {@code *.json} model file of a directory (a missing directory is an empty registry). */
    public static ModelRegistry loadDirectory(Path dir) throws IOException {
        ModelRegistry registry = new ModelRegistry();
        if (!Files.isDirectory(dir)) {
            return registry;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
            for (Path file : files) {
                registry.register(ModelFile.read(file));
            }
        }
        return registry;
    }

    /** Adds a model version; re-registering identical parameters is a no-op, different ones are refused. */
    public synchronized void register(RegisteredModel model) {
        NavigableMap<String, RegisteredModel> versions =
                models.computeIfAbsent(model.name(), n -> new TreeMap<>(VERSION_ORDER));
        RegisteredModel existing = versions.get(model.version());
        if (existing != null && !java.util.Arrays.equals(existing.parameters(), model.parameters())) {
            throw new IllegalArgumentException("model " + model.ref() + " already exists with other parameters;"
                    + " versions are immutable, publish a new version");
        }
        versions.put(model.version(), model);
    }

    /** The named version, or the latest when {@code version} is empty. */
    public Optional<RegisteredModel> find(String name, String version) {
        NavigableMap<String, RegisteredModel> versions = models.get(name);
        if (versions == null || versions.isEmpty()) {
            return Optional.empty();
        }
        return version == null || version.isEmpty()
                ? Optional.of(versions.lastEntry().getValue())
                : Optional.ofNullable(versions.get(version));
    }

    /** Like {@link #find} but fails with a message naming what exists. */
    public RegisteredModel require(String name, String version) {
        return find(name, version).orElseThrow(() -> new UnknownModelException(name, version, names()));
    }

    /** Every version of one model (oldest first), or the latest version of every model when name is empty. */
    public List<RegisteredModel> list(String name) {
        List<RegisteredModel> out = new ArrayList<>();
        if (name == null || name.isEmpty()) {
            models.keySet().stream().sorted().forEach(n -> find(n, "").ifPresent(out::add));
        } else {
            NavigableMap<String, RegisteredModel> versions = models.get(name);
            if (versions != null) {
                out.addAll(versions.values());
            }
        }
        return out;
    }

    public List<String> names() {
        return models.keySet().stream().sorted().toList();
    }
}
