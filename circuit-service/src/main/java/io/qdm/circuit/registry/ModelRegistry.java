package io.qdm.circuit.registry;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
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

    private static final System.Logger LOG = System.getLogger(ModelRegistry.class.getName());

    private final Map<String, NavigableMap<String, RegisteredModel>> models = new ConcurrentHashMap<>();
    /** The shared models directory this registry follows, or null for an in-memory registry. */
    private final Path dir;
    private final long rescanIntervalNanos;
    private final Set<Path> loadedFiles = ConcurrentHashMap.newKeySet();
    /** Files that failed to load, with the modification time they had then (warned about once per change). */
    private final Map<Path, java.nio.file.attribute.FileTime> failedFiles = new ConcurrentHashMap<>();
    private volatile long nextRescanNanos;

    /** An in-memory registry (models only through {@link #register}). */
    public ModelRegistry() {
        this(null, Duration.ZERO);
    }

    private ModelRegistry(Path dir, Duration rescanInterval) {
        this.dir = dir;
        this.rescanIntervalNanos = rescanInterval.toNanos();
        this.nextRescanNanos = System.nanoTime() + rescanIntervalNanos;
    }

    /** Loads every {@code *.json} model file of a directory (a missing directory is an empty registry). */
    public static ModelRegistry loadDirectory(Path dir) throws IOException {
        return loadDirectory(dir, Duration.ofDays(36_500));
    }

    /**
     * Loads every {@code *.json} model file of the shared models directory (any file that does not load fails the
     * start), then follows it: a lookup of an unknown model or version, or of a model's latest version, looks at the
     * directory again when {@code rescanInterval} has passed since the last look. So a version another replica
     * published (it writes the file atomically) is served by every replica without a restart. Files that fail to
     * load later are logged and skipped (retried at the next look).
     */
    public static ModelRegistry loadDirectory(Path dir, Duration rescanInterval) throws IOException {
        ModelRegistry registry = new ModelRegistry(dir, rescanInterval);
        if (!Files.isDirectory(dir)) {
            return registry;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
            for (Path file : files) {
                registry.register(ModelFile.read(file));
                registry.loadedFiles.add(file.getFileName());
            }
        }
        return registry;
    }

    /** Registers model files that appeared in the directory since the last look, if the rescan interval has passed. */
    public void rescanIfDue() {
        if (dir == null || System.nanoTime() - nextRescanNanos < 0) {
            return;
        }
        synchronized (this) {
            if (System.nanoTime() - nextRescanNanos < 0) {
                return;
            }
            nextRescanNanos = System.nanoTime() + rescanIntervalNanos;
            if (!Files.isDirectory(dir)) {
                return;
            }
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
                for (Path file : files) {
                    if (loadedFiles.contains(file.getFileName())) {
                        continue;
                    }
                    java.nio.file.attribute.FileTime modified = Files.getLastModifiedTime(file);
                    if (modified.equals(failedFiles.get(file.getFileName()))) {
                        continue;
                    }
                    try {
                        RegisteredModel model = ModelFile.read(file);
                        register(model);
                        loadedFiles.add(file.getFileName());
                        LOG.log(System.Logger.Level.INFO, "model registry: new version " + model.ref() + " from " + file);
                    } catch (IOException | RuntimeException e) {
                        failedFiles.put(file.getFileName(), modified);
                        LOG.log(System.Logger.Level.WARNING, "model registry: skipping " + file + ": " + e.getMessage());
                    }
                }
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "model registry: cannot list " + dir + ": " + e.getMessage());
            }
        }
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
        Optional<RegisteredModel> found = lookup(name, version);
        if (found.isEmpty() || version == null || version.isEmpty()) {
            rescanIfDue();
            found = lookup(name, version);
        }
        return found;
    }

    private Optional<RegisteredModel> lookup(String name, String version) {
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
        rescanIfDue();
        List<RegisteredModel> out = new ArrayList<>();
        if (name == null || name.isEmpty()) {
            models.keySet().stream().sorted().forEach(n -> lookup(n, "").ifPresent(out::add));
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
