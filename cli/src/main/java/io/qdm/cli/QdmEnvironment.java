package io.qdm.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What the CLI reads from its surroundings: the repository root ({@code qdm.home}) and the process environment.
 * Subcommands take it from {@link QdmCommand} instead of calling {@link System#getenv()} so tests can pass their own.
 *
 * @param home the repository root if known; {@code ./qdm} always passes it as {@code -Dqdm.home}
 * @param env environment variables (e.g. {@code QDM_KAFKA_DIR}, {@code QDM_KAFKA_PORT})
 */
public record QdmEnvironment(Optional<Path> home, Map<String, String> env) {

    public QdmEnvironment {
        home = home.map(p -> p.toAbsolutePath().normalize());
        env = Map.copyOf(env);
    }

    /** The real process: {@code -Dqdm.home}, else the nearest ancestor of the working directory holding {@code ./qdm}. */
    public static QdmEnvironment fromSystem() {
        String property = System.getProperty("qdm.home");
        Optional<Path> home = property != null && !property.isBlank()
                ? Optional.of(Path.of(property))
                : findRepositoryRoot(Path.of("").toAbsolutePath());
        return new QdmEnvironment(home, System.getenv());
    }

    /** The repository root, or an exception telling the user how to run the CLI so that it is known. */
    public Path requireHome() {
        return home.orElseThrow(() -> new IllegalStateException(
                "cannot tell where the QDM repository is: run the CLI through ./qdm (which passes -Dqdm.home)"));
    }

    static Optional<Path> findRepositoryRoot(Path start) {
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("qdm")) && Files.isRegularFile(dir.resolve("kafka-broker/pom.xml"))) {
                return Optional.of(dir);
            }
        }
        return Optional.empty();
    }
}
