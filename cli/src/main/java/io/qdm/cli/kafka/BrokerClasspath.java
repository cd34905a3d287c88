package io.qdm.cli.kafka;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The jars of the standalone broker: {@code <repo>/kafka-broker/target/lib}, produced by
 * {@code ./mvnw -B -q -f kafka-broker/pom.xml package} (Kafka 4.3.1 + tools + log4j binding + its log4j2 config).
 */
public final class BrokerClasspath {

    /** A cold build fetches ~55 MB of jars; ten minutes means something is wrong (network, lock). */
    private static final long BUILD_TIMEOUT_MINUTES = 10;

    private final Path home;

    public BrokerClasspath(Path home) {
        this.home = home.toAbsolutePath().normalize();
    }

    public Path libDir() {
        return home.resolve("kafka-broker").resolve("target").resolve("lib");
    }

    /** The {@code -cp} value; the java launcher itself expands the {@code dir/*} wildcard. */
    public String classpath() {
        return libDir() + "/*";
    }

    /** True when the lib dir holds the Kafka server jar and this project's jar carrying log4j2.properties. */
    public boolean isComplete() {
        return hasJar("kafka_2.13-") && hasJar("qdm-kafka-broker-");
    }

    /**
     * Builds the lib dir with the Maven Wrapper if it is not complete.
     *
     * @param progress receives one-line messages for the user (stderr in the CLI)
     * @throws IllegalStateException if the build fails or leaves the lib dir incomplete
     */
    public Path ensureBuilt(Consumer<String> progress) {
        if (isComplete()) {
            return libDir();
        }
        Path mvnw = home.resolve("mvnw");
        if (!Files.isExecutable(mvnw)) {
            throw new IllegalStateException("no Kafka broker jars in " + libDir() + " and no executable " + mvnw
                    + " to build them");
        }
        progress.accept("qdm: building the Kafka broker classpath (first use, ~30 s)…");
        List<String> command = List.of(mvnw.toString(), "-B", "-q", "-f",
                home.resolve("kafka-broker").resolve("pom.xml").toString(), "package");
        try {
            // Maven's output goes to our stderr, so that the stdout of `qdm` carries only results.
            Process build = new ProcessBuilder(command).directory(home.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(nullDevice()))
                    .redirectErrorStream(true)
                    .start();
            try (InputStream out = build.getInputStream()) {
                out.transferTo(System.err);
            }
            if (!build.waitFor(BUILD_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                build.destroyForcibly();
                throw new IllegalStateException("building the Kafka broker classpath took over "
                        + BUILD_TIMEOUT_MINUTES + " minutes; gave up");
            }
            if (build.exitValue() != 0) {
                throw new IllegalStateException("building the Kafka broker classpath failed (exit " + build.exitValue()
                        + "): " + String.join(" ", command));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + mvnw + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while building the Kafka broker classpath", e);
        }
        if (!isComplete()) {
            throw new IllegalStateException("the build finished but " + libDir() + " still lacks the Kafka jars");
        }
        return libDir();
    }

    static File nullDevice() {
        return new File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }

    private boolean hasJar(String prefix) {
        if (!Files.isDirectory(libDir())) {
            return false;
        }
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(libDir(), prefix + "*.jar")) {
            return jars.iterator().hasNext();
        } catch (IOException e) {
            return false;
        }
    }
}
