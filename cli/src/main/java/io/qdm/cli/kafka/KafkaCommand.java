package io.qdm.cli.kafka;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;

import io.qdm.cli.QdmCommand;
import io.qdm.cli.QdmEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code qdm kafka start|stop|status}: parses and prints; {@link KafkaBrokerProcess} does the work. */
@Command(name = "kafka",
        description = {
            "Run a local single-node Apache Kafka broker (KRaft, broker+controller) as a separate process.",
            "",
            "State dir (config, data, broker.log, pid): $QDM_KAFKA_DIR, default .qdm/kafka in the repository",
            "Client port: $QDM_KAFKA_PORT, default 19092 (127.0.0.1 only)",
            "Controller port: $QDM_KAFKA_CONTROLLER_PORT, default 19093"
        })
public final class KafkaCommand {

    @ParentCommand
    QdmCommand parent;

    @Spec
    CommandSpec spec;

    @Command(name = "start",
            description = "Start the broker unless it runs, and wait until it serves clients.")
    int start(@Option(names = "--timeout", paramLabel = "<seconds>", defaultValue = "60",
            description = "How long to wait for the broker to serve clients before killing it (default: ${DEFAULT-VALUE})."
                    + " Storage format and a first-use build come on top.") int timeoutSeconds) {
        if (timeoutSeconds < 1) {
            throw new ParameterException(spec.commandLine(), "--timeout must be at least 1 second");
        }
        KafkaBrokerProcess broker = broker(Duration.ofSeconds(timeoutSeconds));
        KafkaBrokerProcess.StartResult r = broker.start();
        PrintWriter out = out();
        if (r.outcome() == KafkaBrokerProcess.StartOutcome.ALREADY_RUNNING) {
            out.printf("kafka: already running (pid %d) at %s%n", r.pid(), broker.bootstrapServers());
        } else {
            out.printf("kafka: started in %s s (pid %d) at %s%n", seconds(r.elapsed()), r.pid(),
                    broker.bootstrapServers());
            out.printf("  data dir: %s%n", broker.config().dataDir());
            out.printf("  log:      %s%n", broker.config().logFile());
        }
        out.printf("export KAFKA_BOOTSTRAP_SERVERS=%s%n", broker.bootstrapServers());
        out.flush();
        return 0;
    }

    @Command(name = "stop",
            description = "Stop the broker: SIGTERM, then SIGKILL after 30 s.")
    int stop() {
        KafkaBrokerProcess.StopResult r = broker(KafkaBrokerProcess.DEFAULT_READY_TIMEOUT).stop();
        PrintWriter out = out();
        switch (r.outcome()) {
            case NOT_RUNNING -> out.println("kafka: not running" + (r.stalePidRemoved() ? " (removed a stale pid file)" : ""));
            case STOPPED -> out.printf("kafka: stopped (pid %d) in %s s%n", r.pid().getAsLong(), seconds(r.elapsed()));
            case KILLED -> out.printf("kafka: killed (pid %d) after it ignored SIGTERM%n", r.pid().getAsLong());
        }
        out.flush();
        return 0;
    }

    @Command(name = "status",
            description = "Show whether the broker runs; exit code 0 if running, 3 if stopped.")
    int status() {
        KafkaBrokerProcess broker = broker(KafkaBrokerProcess.DEFAULT_READY_TIMEOUT);
        KafkaBrokerProcess.Status s = broker.status();
        PrintWriter out = out();
        out.println("kafka: " + (s.running() ? "running" : "stopped")
                + (s.stalePid() ? " (stale pid file " + broker.config().pidFile() + ")" : ""));
        if (s.running()) {
            out.printf("  pid:       %d%n", s.pid().getAsLong());
        }
        out.printf("  bootstrap: %s%n", broker.bootstrapServers());
        out.printf("  data dir:  %s%n", broker.config().dataDir());
        out.printf("  log:       %s%n", broker.config().logFile());
        out.flush();
        return s.running() ? 0 : QdmCommand.EXIT_NOT_RUNNING;
    }

    private KafkaBrokerProcess broker(Duration readyTimeout) {
        QdmEnvironment env = parent.environment();
        BrokerConfig config = BrokerConfig.fromEnvironment(env.requireHome(), env.env());
        PrintWriter err = spec.commandLine().getErr();
        return new KafkaBrokerProcess(config, new BrokerClasspath(env.requireHome()),
                readyTimeout, KafkaBrokerProcess.DEFAULT_STOP_TIMEOUT, line -> {
                    err.println(line);
                    err.flush();
                });
    }

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f", d.toMillis() / 1000.0);
    }
}
