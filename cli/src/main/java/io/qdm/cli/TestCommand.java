package io.qdm.cli;

import io.qdm.cli.kafka.BrokerClasspath;
import io.qdm.cli.kafka.BrokerConfig;
import io.qdm.cli.kafka.KafkaBrokerProcess;
import io.qdm.cli.test.TestRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code qdm test}: the README's test command. Parses and delegates to {@link TestRun}. */
@Command(name = "test",
        description = {
            "Build everything and run every test against a real Kafka broker: starts the local broker",
            "(unless $QDM_TEST_KAFKA_BOOTSTRAP names one), runs ./mvnw -B verify, stops the broker again.",
            "Extra arguments go to Maven, e.g. `qdm test -- -pl noise-service -am`."
        })
public final class TestCommand implements Callable<Integer> {

    @ParentCommand
    QdmCommand parent;

    @Spec
    CommandSpec spec;

    @Option(names = "--broker-timeout", paramLabel = "<seconds>", defaultValue = "180",
            description = "How long to wait for the broker to start (default: ${DEFAULT-VALUE}; it is slow on a busy machine).")
    int brokerTimeoutSeconds;

    @Parameters(paramLabel = "MAVEN_ARGS", arity = "0..*", description = "Extra Maven arguments.")
    List<String> mavenArgs = List.of();

    @Override
    public Integer call() throws Exception {
        QdmEnvironment env = parent.environment();
        PrintWriter err = spec.commandLine().getErr();
        BrokerConfig config = BrokerConfig.fromEnvironment(env.requireHome(), env.env());
        KafkaBrokerProcess broker = new KafkaBrokerProcess(config, new BrokerClasspath(env.requireHome()),
                Duration.ofSeconds(brokerTimeoutSeconds), KafkaBrokerProcess.DEFAULT_STOP_TIMEOUT, line -> {
                    err.println(line);
                    err.flush();
                });
        TestRun run = new TestRun(env.requireHome(), broker, line -> {
            err.println(line);
            err.flush();
        });
        return run.run(mavenArgs, env.env().get(TestRun.EXTERNAL_BOOTSTRAP_ENV));
    }
}
