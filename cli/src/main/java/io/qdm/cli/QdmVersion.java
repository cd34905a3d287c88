package io.qdm.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

import picocli.CommandLine.IVersionProvider;

/**
 * The versions QDM is built from, read from {@code io/qdm/cli/version.properties}, which Maven filters from the
 * parent pom at build time (so they cannot drift from what the build actually uses).
 *
 * @param qdm the project version
 * @param quarkusPlatform the Quarkus platform BOM the services are built with
 * @param kafkaBroker the Apache Kafka version of the standalone broker run by {@code qdm kafka start}
 */
public record QdmVersion(String qdm, String quarkusPlatform, String kafkaBroker) {

    static final String RESOURCE = "version.properties";

    /** Loads the filtered resource; fails if it is missing or was not filtered (a build problem, not a user one). */
    public static QdmVersion load() {
        Properties p = new Properties();
        try (InputStream in = QdmVersion.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource io/qdm/cli/" + RESOURCE + " (rebuild the CLI)");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new QdmVersion(value(p, "qdm.version"), value(p, "quarkus.platform.version"),
                value(p, "kafka.broker.version"));
    }

    private static String value(Properties p, String key) {
        String v = p.getProperty(key);
        if (v == null || v.isBlank() || v.contains("${")) {
            throw new IllegalStateException("io/qdm/cli/" + RESOURCE + " has no filtered value for " + key
                    + " (got '" + v + "'; rebuild the CLI with Maven)");
        }
        return v.trim();
    }

    /** Answers {@code qdm --version}. */
    public static final class Provider implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"qdm " + load().qdm()};
        }
    }
}
