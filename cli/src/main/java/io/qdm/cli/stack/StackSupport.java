package io.qdm.cli.stack;

import io.qdm.cli.QdmEnvironment;
import io.qdm.cli.kafka.BrokerClasspath;
import io.qdm.cli.kafka.BrokerConfig;
import io.qdm.cli.kafka.KafkaBrokerProcess;
import io.qdm.datasets.DatasetFetcher;
import io.qdm.datasets.DatasetId;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * What {@code qdm up}, {@code qdm demo} and {@code qdm train qdm} share: build what is missing, fetch and verify the
 * data, start the broker (unless {@code KAFKA_BOOTSTRAP_SERVERS} names one) and the services.
 */
public final class StackSupport {

    private final QdmEnvironment env;
    private final Consumer<String> log;
    private final LocalStack stack;
    /** Whether this process started the local broker (then {@link #down(boolean)} may stop it again). */
    private boolean startedBroker;

    public StackSupport(QdmEnvironment env, Consumer<String> log) {
        this.env = env;
        this.log = log;
        this.stack = new LocalStack(StackConfig.fromEnvironment(env.requireHome(), env.env()), log);
    }

    public LocalStack stack() {
        return stack;
    }

    /** Builds every module when a service's packaged app is missing. */
    public void ensureBuilt() throws IOException, InterruptedException {
        List<StackService> missing = stack.unbuilt();
        if (missing.isEmpty()) {
            return;
        }
        log.accept("qdm: building the services (" + missing.stream().map(StackService::name).toList()
                + " missing; first run: several minutes)…");
        int code = new ProcessBuilder("./mvnw", "-B", "-q", "install", "-DskipTests")
                .directory(env.requireHome().toFile()).inheritIO().start().waitFor();
        if (code != 0) {
            throw new IllegalStateException("the build failed (exit " + code + "); run: (cd " + env.requireHome()
                    + " && ./mvnw -B install -DskipTests)");
        }
    }

    /** MNIST into the data cache, SHA-256 verified (a no-op when already there). */
    public void ensureData() {
        Path cache = dataDir();
        DatasetFetcher fetcher = DatasetFetcher.standard(cache, line -> log.accept("  " + line));
        fetcher.fetch(DatasetId.MNIST);
    }

    public Path dataDir() {
        String fromEnv = env.env().get("QDM_DATA_DIR");
        return fromEnv != null && !fromEnv.isBlank() ? Path.of(fromEnv) : env.requireHome().resolve(".qdm/data");
    }

    /** The broker's bootstrap servers: the configured one, else the local broker (started when needed). */
    public String ensureKafka() {
        if (stack.config().kafka() != null && !stack.config().kafka().isBlank()) {
            return stack.config().kafka();
        }
        KafkaBrokerProcess broker = localBroker();
        KafkaBrokerProcess.StartResult r = broker.start();
        if (r.outcome() == KafkaBrokerProcess.StartOutcome.STARTED) {
            startedBroker = true;
            log.accept(String.format("  %-16s started (pid %d) at %s", "kafka", r.pid(), broker.bootstrapServers()));
        }
        return broker.bootstrapServers();
    }

    public KafkaBrokerProcess localBroker() {
        return new KafkaBrokerProcess(BrokerConfig.fromEnvironment(env.requireHome(), env.env()),
                new BrokerClasspath(env.requireHome()), KafkaBrokerProcess.DEFAULT_READY_TIMEOUT,
                KafkaBrokerProcess.DEFAULT_STOP_TIMEOUT, log);
    }

    /** Build, data, broker, services: everything {@code qdm up} does. Returns the bootstrap servers. */
    public String up() throws IOException, InterruptedException {
        ensureBuilt();
        ensureData();
        String kafka = ensureKafka();
        Files.createDirectories(stack.config().modelsDir());
        stack.up(kafka);
        return kafka;
    }

    /** Stops the services, then the local broker (an external broker is left alone). */
    public void down() throws InterruptedException {
        down(true);
    }

    /**
     * Stops the services and, when {@code always} or when this process started it, the local broker: a command that
     * found the broker running (other users, a test run) leaves it running.
     */
    public void down(boolean always) throws InterruptedException {
        stack.down();
        if ((always || startedBroker) && (stack.config().kafka() == null || stack.config().kafka().isBlank())) {
            KafkaBrokerProcess.StopResult r = localBroker().stop();
            if (r.outcome() != KafkaBrokerProcess.StopOutcome.NOT_RUNNING) {
                log.accept(String.format("  %-16s stopped", "kafka"));
            }
        }
    }
}
