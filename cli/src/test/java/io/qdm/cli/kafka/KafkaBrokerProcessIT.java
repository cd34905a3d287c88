package io.qdm.cli.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starts the real Kafka 4.3.1 broker through {@link KafkaBrokerProcess} (the class behind {@code qdm kafka}) on free
 * ports in a temporary state dir, checks it serves, and stops it. Builds {@code kafka-broker/target/lib} if missing.
 */
class KafkaBrokerProcessIT {

    @TempDir
    Path stateDir;

    private final List<String> progress = new ArrayList<>();
    private KafkaBrokerProcess broker;

    @AfterEach
    void neverLeaveABrokerRunning() {
        if (broker != null) {
            broker.stop();
        }
    }

    @Test
    void startsServesAndStopsARealBroker() throws IOException {
        Path home = repositoryRoot();
        BrokerClasspath classpath = new BrokerClasspath(home);
        try {
            classpath.ensureBuilt(progress::add);
        } catch (IllegalStateException e) {
            assumeTrue(false, "cannot produce " + classpath.libDir() + " (offline?): " + e.getMessage());
        }
        int port = freePort();
        int controllerPort = freePort();
        BrokerConfig config = new BrokerConfig(stateDir, port, controllerPort);
        broker = new KafkaBrokerProcess(config, classpath, Duration.ofSeconds(90), Duration.ofSeconds(30), progress::add);

        KafkaBrokerProcess.StartResult started = broker.start();

        assertEquals(KafkaBrokerProcess.StartOutcome.STARTED, started.outcome());
        long pid = started.pid();
        assertEquals(new KafkaBrokerProcess.Status(true, OptionalLong.of(pid), false), broker.status());
        assertEquals("127.0.0.1:" + port, broker.bootstrapServers());
        assertEquals(pid + "\n", Files.readString(config.pidFile()));
        assertTrue(Files.isRegularFile(config.dataDir().resolve("meta.properties")), "storage formatted");
        assertTrue(Files.readString(config.logFile()).contains(KafkaBrokerProcess.READY_LINE), "ready line in broker.log");
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            assertTrue(s.isConnected());
        }
        assertEquals(KafkaBrokerProcess.StartOutcome.ALREADY_RUNNING, broker.start().outcome());
        ProcessHandle handle = ProcessHandle.of(pid).orElseThrow();

        KafkaBrokerProcess.StopResult stopped = broker.stop();

        assertEquals(KafkaBrokerProcess.StopOutcome.STOPPED, stopped.outcome(), "clean exit on SIGTERM");
        assertFalse(handle.isAlive(), "broker process is gone");
        assertFalse(Files.exists(config.pidFile()));
        assertFalse(broker.status().running());
        assertFalse(KafkaBrokerProcess.isListening("127.0.0.1", port), "port closed");
        assertEquals(KafkaBrokerProcess.StopOutcome.NOT_RUNNING, broker.stop().outcome());
        System.out.printf("broker started in %d ms, stopped in %d ms%n", started.elapsed().toMillis(),
                stopped.elapsed().toMillis());
    }

    /** The repository root: -Dqdm.home (set by the pom), else the parent of the module dir. */
    static Path repositoryRoot() {
        String home = System.getProperty("qdm.home");
        Path root = home != null && !home.isBlank() ? Path.of(home) : Path.of("").toAbsolutePath().getParent();
        return root.toAbsolutePath().normalize();
    }

    /** A port nobody listens on right now (other builds share this machine, so fixed ports may clash). */
    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
