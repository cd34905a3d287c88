package io.qdm.datasets;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the dataset cache lives when nobody says otherwise. */
public final class DataDirectory {
    /** Environment variable that overrides the default cache directory. */
    public static final String ENV = "QDM_DATA_DIR";

    private DataDirectory() {
    }

    /**
     * {@code $QDM_DATA_DIR} if set, else {@code <repo>/.qdm/data} where {@code <repo>} is the nearest ancestor of the
     * working directory holding {@code mvnw} (the repository root), else {@code ./.qdm/data}.
     */
    public static Path resolveDefault() {
        String env = System.getenv(ENV);
        if (env != null && !env.isBlank()) {
            return Path.of(env).toAbsolutePath().normalize();
        }
        Path cwd = Path.of("").toAbsolutePath();
        for (Path p = cwd; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("mvnw")) && Files.isRegularFile(p.resolve("pom.xml"))) {
                return p.resolve(".qdm").resolve("data");
            }
        }
        return cwd.resolve(".qdm").resolve("data");
    }
}
