package io.qdm.cli.test;

import io.qdm.cli.kafka.KafkaBrokerProcess;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The project's test run: every module's tests ({@code ./mvnw -B verify}) against a real Kafka broker process.
 * Uses the broker named by {@value #EXTERNAL_BOOTSTRAP_ENV} if set, otherwise starts the local broker and stops it
 * again afterwards — on success and on failure — unless it was already running before.
 */
public final class TestRun {

    /** Tests read the broker address from this variable (see io.qdm.testing.RealKafkaBroker). */
    public static final String EXTERNAL_BOOTSTRAP_ENV = "QDM_TEST_KAFKA_BOOTSTRAP";

    private final Path home;
    private final KafkaBrokerProcess broker;
    private final Consumer<String> log;

    public TestRun(Path home, KafkaBrokerProcess broker, Consumer<String> log) {
        this.home = home;
        this.broker = broker;
        this.log = log;
    }

    /** The Maven command line the run executes (the README's test command delegates to exactly this). */
    public static List<String> mavenCommand(List<String> extraArgs) {
        List<String> command = new ArrayList<>(List.of("./mvnw", "-B", "verify"));
        command.addAll(extraArgs);
        return command;
    }

    /** Runs the tests and returns Maven's exit code. */
    public int run(List<String> extraMavenArgs, String externalBootstrap) throws IOException, InterruptedException {
        boolean startedHere = false;
        String bootstrap = externalBootstrap;
        if (bootstrap == null || bootstrap.isBlank()) {
            KafkaBrokerProcess.StartResult started = broker.start();
            startedHere = started.outcome() == KafkaBrokerProcess.StartOutcome.STARTED;
            bootstrap = broker.bootstrapServers();
            log.accept("qdm test: Kafka broker " + (startedHere ? "started" : "already running") + " at " + bootstrap);
        } else {
            log.accept("qdm test: using the Kafka broker at " + bootstrap + " (" + EXTERNAL_BOOTSTRAP_ENV + ")");
        }
        try {
            List<String> command = mavenCommand(extraMavenArgs);
            log.accept("qdm test: " + String.join(" ", command));
            ProcessBuilder pb = new ProcessBuilder(command).directory(home.toFile()).inheritIO();
            pb.environment().put(EXTERNAL_BOOTSTRAP_ENV, bootstrap);
            return pb.start().waitFor();
        } finally {
            if (startedHere) {
                KafkaBrokerProcess.StopResult stopped = broker.stop();
                log.accept("qdm test: Kafka broker " + stopped.outcome().name().toLowerCase(java.util.Locale.ROOT));
            }
        }
    }
}
