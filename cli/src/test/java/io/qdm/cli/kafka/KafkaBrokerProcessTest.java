package io.qdm.cli.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pid handling without a real broker: stand-in processes whose command line looks like the broker's
 * ({@code bash -c <script> kafka.Kafka <server.properties>}). The real broker is started in {@link KafkaBrokerProcessIT}.
 */
class KafkaBrokerProcessTest {

    /** A loop, not a single command: bash would exec a lone `sleep` and lose the broker-like command line. */
    private static final String LOOP = "while :; do sleep 0.1; done";

    @TempDir
    Path stateDir;

    @TempDir
    Path home;

    private final List<String> progress = new ArrayList<>();
    private final List<Process> spawned = new ArrayList<>();

    @AfterEach
    void killStandIns() throws InterruptedException {
        for (Process p : spawned) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private KafkaBrokerProcess broker(int port, Duration stopTimeout) {
        return new KafkaBrokerProcess(new BrokerConfig(stateDir, port, port + 1), new BrokerClasspath(home),
                Duration.ofSeconds(5), stopTimeout, progress::add);
    }

    private KafkaBrokerProcess broker() {
        return broker(29192, Duration.ofSeconds(10));
    }

    /** A process whose command line contains kafka.Kafka and the given server.properties path. */
    private Process standIn(String script, Path serverProperties) throws IOException {
        assumeTrue(Files.isExecutable(Path.of("/bin/bash")) && Files.isDirectory(Path.of("/proc/self")),
                "stand-in brokers need /bin/bash and /proc (Linux)");
        Process p = new ProcessBuilder("/bin/bash", "-c", script, KafkaBrokerProcess.MAIN_CLASS,
                serverProperties.toString()).start();
        spawned.add(p);
        // Until the spawn helper has exec'd bash, /proc/<pid>/cmdline still shows the helper: wait for the real one.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!KafkaBrokerProcess.commandLineOf(p.toHandle()).orElse(List.of()).contains(KafkaBrokerProcess.MAIN_CLASS)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("stand-in broker did not start: " + KafkaBrokerProcess.commandLineOf(p.toHandle()));
            }
            Thread.onSpinWait();
        }
        return p;
    }

    private void writePid(long pid) throws IOException {
        Files.createDirectories(stateDir);
        new PidFile(stateDir.resolve("kafka.pid")).write(pid);
    }

    @Test
    void brokerCommandLineMustNameTheMainClassAndThisStateDirsConfig() {
        Path props = Path.of("/state/server.properties");

        assertTrue(KafkaBrokerProcess.isBrokerCommandLine(
                List.of("/usr/bin/java", "-Xmx512m", "-cp", "lib/*", "kafka.Kafka", "/state/server.properties"), props));
        assertFalse(KafkaBrokerProcess.isBrokerCommandLine(
                List.of("/usr/bin/java", "-cp", "lib/*", "kafka.Kafka", "/other/server.properties"), props),
                "a broker of another state dir is not ours");
        assertFalse(KafkaBrokerProcess.isBrokerCommandLine(
                List.of("/usr/bin/java", "-cp", "lib/*", "kafka.tools.StorageTool", "/state/server.properties"), props));
        assertFalse(KafkaBrokerProcess.isBrokerCommandLine(List.of("sleep", "60"), props));
    }

    @Test
    void noPidFileMeansStoppedAndStopIsANoOp() {
        KafkaBrokerProcess b = broker();

        assertEquals(new KafkaBrokerProcess.Status(false, OptionalLong.empty(), false), b.status());
        KafkaBrokerProcess.StopResult r = b.stop();
        assertEquals(KafkaBrokerProcess.StopOutcome.NOT_RUNNING, r.outcome());
        assertFalse(r.stalePidRemoved());
    }

    @Test
    void pidOfAnExitedProcessIsStaleAndStopRemovesIt() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor(10, TimeUnit.SECONDS);
        writePid(gone.pid());
        KafkaBrokerProcess b = broker();

        assertEquals(new KafkaBrokerProcess.Status(false, OptionalLong.empty(), true), b.status());
        KafkaBrokerProcess.StopResult r = b.stop();
        assertEquals(KafkaBrokerProcess.StopOutcome.NOT_RUNNING, r.outcome());
        assertTrue(r.stalePidRemoved());
        assertFalse(Files.exists(stateDir.resolve("kafka.pid")));
    }

    @Test
    void pidOfALiveProcessThatIsNotTheBrokerIsStaleAndIsNotSignalled() throws IOException {
        writePid(ProcessHandle.current().pid()); // this test JVM: alive, but not kafka.Kafka
        KafkaBrokerProcess b = broker();

        assertEquals(new KafkaBrokerProcess.Status(false, OptionalLong.empty(), true), b.status());
        assertEquals(KafkaBrokerProcess.StopOutcome.NOT_RUNNING, b.stop().outcome());
        assertTrue(ProcessHandle.current().isAlive());
    }

    @Test
    void brokerOfAnotherStateDirIsNotOurs() throws IOException {
        Process other = standIn(LOOP, Path.of("/elsewhere/server.properties"));
        writePid(other.pid());

        assertFalse(broker().status().running());
        assertEquals(KafkaBrokerProcess.StopOutcome.NOT_RUNNING, broker().stop().outcome());
        assertTrue(other.isAlive(), "another state dir's broker was left alone");
    }

    @Test
    void runningBrokerIsReportedAndStoppedWithSigterm() throws Exception {
        Process fake = standIn(LOOP, stateDir.resolve("server.properties"));
        writePid(fake.pid());
        KafkaBrokerProcess b = broker();

        assertEquals(new KafkaBrokerProcess.Status(true, OptionalLong.of(fake.pid()), false), b.status());
        KafkaBrokerProcess.StopResult r = b.stop();

        assertEquals(KafkaBrokerProcess.StopOutcome.STOPPED, r.outcome());
        assertEquals(OptionalLong.of(fake.pid()), r.pid());
        assertTrue(fake.waitFor(5, TimeUnit.SECONDS));
        assertEquals(128 + 15, fake.exitValue(), "terminated by SIGTERM");
        assertFalse(Files.exists(stateDir.resolve("kafka.pid")));
        assertFalse(b.status().running());
    }

    @Test
    void brokerIgnoringSigtermIsKilledAfterTheStopTimeout() throws Exception {
        // Ignores TERM; short sleeps so no orphan outlives the test for long.
        Process stubborn = standIn("trap '' TERM; echo trapped; " + LOOP, stateDir.resolve("server.properties"));
        writePid(stubborn.pid());
        // The signal must not arrive before the trap is in place.
        assertEquals("trapped", new BufferedReader(new InputStreamReader(stubborn.getInputStream())).readLine());

        KafkaBrokerProcess.StopResult r = broker(29192, Duration.ofSeconds(1)).stop();

        assertEquals(KafkaBrokerProcess.StopOutcome.KILLED, r.outcome());
        assertTrue(stubborn.waitFor(5, TimeUnit.SECONDS));
        assertEquals(128 + 9, stubborn.exitValue(), "terminated by SIGKILL");
        assertFalse(Files.exists(stateDir.resolve("kafka.pid")));
        assertTrue(progress.stream().anyMatch(m -> m.contains("ignored SIGTERM")), progress.toString());
    }

    @Test
    void startWhileRunningSaysAlreadyRunningAndLaunchesNothing() throws IOException {
        Process fake = standIn(LOOP, stateDir.resolve("server.properties"));
        writePid(fake.pid());

        KafkaBrokerProcess.StartResult r = broker().start();

        assertEquals(KafkaBrokerProcess.StartOutcome.ALREADY_RUNNING, r.outcome());
        assertEquals(fake.pid(), r.pid());
        assertFalse(Files.exists(stateDir.resolve("server.properties")), "nothing was (re)configured");
        assertEquals(List.of(), progress);
    }

    @Test
    void startRefusesAPortSomeoneElseListensOnBeforeBuildingOrLaunching() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            writePid(ProcessHandle.current().pid()); // stale
            KafkaBrokerProcess b = broker(taken.getLocalPort(), Duration.ofSeconds(10));

            BrokerException e = assertThrows(BrokerException.class, b::start);

            assertEquals("Kafka port 127.0.0.1:" + taken.getLocalPort() + " is already in use by another process (not "
                    + "the broker of " + stateDir.toAbsolutePath().normalize() + "); stop it or choose another port "
                    + "with QDM_KAFKA_PORT=<port>", e.getMessage());
            assertFalse(Files.exists(stateDir.resolve("kafka.pid")), "the stale pid file was removed");
            assertFalse(Files.exists(stateDir.resolve("server.properties")), "nothing was configured");
            assertEquals(1, progress.size(), progress.toString());
            assertTrue(progress.get(0).startsWith("qdm: removing stale pid file"), progress.toString());
        }
    }

    @Test
    void startWithoutBrokerJarsOrAWayToBuildThemFailsClearly() {
        // `home` is an empty dir: no kafka-broker/target/lib and no mvnw.
        KafkaBrokerProcess b = broker(KafkaBrokerProcessIT.freePort(), Duration.ofSeconds(1));

        IllegalStateException e = assertThrows(IllegalStateException.class, b::start);

        assertEquals("no Kafka broker jars in " + home.resolve("kafka-broker/target/lib") + " and no executable "
                + home.resolve("mvnw") + " to build them", e.getMessage());
    }
}
