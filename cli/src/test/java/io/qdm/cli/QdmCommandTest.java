package io.qdm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

class QdmCommandTest {

    @TempDir
    Path home;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(Map<String, String> env, String... args) {
        CommandLine cl = QdmCommand.commandLine(new QdmEnvironment(Optional.of(home), env));
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void helpListsTheSubcommandsBuiltSoFar() {
        assertEquals(0, run(Map.of(), "--help"));

        String help = out.toString();
        assertTrue(help.startsWith("Usage: qdm [-hV] [COMMAND]"), help);
        for (String sub : new String[] {"version", "kafka", "demo", "help"}) {
            assertTrue(help.contains("\n  " + sub + " "), sub + " in\n" + help);
        }
    }

    @Test
    void noSubcommandIsAUsageError() {
        assertEquals(2, run(Map.of()));
        assertTrue(err.toString().startsWith("Missing subcommand"), err.toString());
    }

    @Test
    void versionPrintsTheFilteredVersions() {
        assertEquals(0, run(Map.of(), "version"));

        String[] lines = out.toString().split("\n");
        assertEquals(4, lines.length, out.toString());
        assertEquals("qdm              0.1.0-SNAPSHOT", lines[0]);
        assertTrue(lines[1].startsWith("Java             " + Runtime.version() + " ("), lines[1]);
        assertEquals("Quarkus platform 3.33.2", lines[2]);
        assertEquals("Kafka broker     4.3.1", lines[3]);
    }

    @Test
    void dashVPrintsTheQdmVersionOnEveryLevel() {
        assertEquals(0, run(Map.of(), "-V"));
        assertEquals(0, run(Map.of(), "kafka", "status", "--version"));
        assertEquals("qdm 0.1.0-SNAPSHOT\nqdm 0.1.0-SNAPSHOT\n", out.toString().replace("\r", ""));
    }

    @Test
    void stackStatusOfAFreshStateDirShowsEveryServiceDownWithExitCode3() {
        Path dir = home.resolve("stack");
        int code = run(Map.of("QDM_STACK_DIR", dir.toString(), "QDM_STACK_PORT_BASE", "28180"), "status");

        assertEquals(3, code);
        String[] lines = out.toString().split("\n");
        assertEquals(6, lines.length, out.toString());
        assertTrue(lines[1].matches("latent-service +- +localhost:28183 +no +" + java.util.regex.Pattern.quote(
                dir.resolve("logs").resolve("latent-service.log").toString())), lines[1]);
        assertTrue(lines[3].matches("circuit-service +- +localhost:28181 +no .*"), lines[3]);
    }

    @Test
    void kafkaStatusOfAFreshStateDirIsStoppedWithExitCode3() {
        Path dir = home.resolve("k");
        int code = run(Map.of("QDM_KAFKA_DIR", dir.toString(), "QDM_KAFKA_PORT", "29092",
                "QDM_KAFKA_CONTROLLER_PORT", "29093"), "kafka", "status");

        assertEquals(3, code);
        assertEquals("kafka: stopped\n"
                + "  bootstrap: 127.0.0.1:29092\n"
                + "  data dir:  " + dir.resolve("data") + "\n"
                + "  log:       " + dir.resolve("broker.log") + "\n", out.toString());
        assertEquals("", err.toString());
    }

    @Test
    void kafkaStopOfAStoppedBrokerSaysSoWithExitCode0() {
        assertEquals(0, run(Map.of("QDM_KAFKA_DIR", home.resolve("k").toString()), "kafka", "stop"));
        assertEquals("kafka: not running\n", out.toString());
    }

    @Test
    void kafkaWithoutASubcommandIsAUsageError() {
        assertEquals(2, run(Map.of(), "kafka"));
        assertTrue(err.toString().startsWith("Missing required subcommand"), err.toString());
    }

    @Test
    void kafkaStartRejectsANonPositiveTimeoutBeforeTouchingAnything() {
        Path dir = home.resolve("k");

        assertEquals(2, run(Map.of("QDM_KAFKA_DIR", dir.toString()), "kafka", "start", "--timeout", "0"));
        assertTrue(err.toString().startsWith("--timeout must be at least 1 second"), err.toString());
        assertTrue(Files.notExists(dir), "no state dir created");
    }

    @Test
    void failuresPrintOneLineWithTheCommandNameAndExit1() {
        assertEquals(1, run(Map.of("QDM_KAFKA_PORT", "nope"), "kafka", "status"));
        assertEquals("qdm kafka status: QDM_KAFKA_PORT must be a port number, got 'nope'\n", err.toString());
    }

    @Test
    void repositoryRootIsFoundFromAnySubdirectory() throws Exception {
        Files.writeString(home.resolve("qdm"), "#!/bin/sh\n");
        Files.createDirectories(home.resolve("kafka-broker"));
        Files.writeString(home.resolve("kafka-broker/pom.xml"), "<project/>");
        Path deep = Files.createDirectories(home.resolve("a/b/c"));

        assertEquals(Optional.of(home), QdmEnvironment.findRepositoryRoot(deep));
        assertEquals(Optional.empty(), QdmEnvironment.findRepositoryRoot(Path.of("/")));
    }
}
