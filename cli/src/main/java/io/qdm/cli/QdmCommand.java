package io.qdm.cli;

import io.qdm.cli.kafka.KafkaCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code qdm} command. It only holds the subcommand list; each subcommand parses its options and delegates to
 * plain classes that do the work.
 *
 * <p>Exit codes: 0 success, 1 failure, 2 usage error or not available yet, 3 "not running" from status commands.
 */
@Command(name = "qdm",
        // INHERIT: every subcommand gets -h/--help and -V/--version without repeating it.
        scope = ScopeType.INHERIT,
        mixinStandardHelpOptions = true,
        versionProvider = QdmVersion.Provider.class,
        description = "Quantum diffusion models as Java microservices: run the local stack, data, training and demos.",
        subcommands = {
            // Add new subcommands here, one per line, as later issues build them
            // (data, train, bench, generate, jobs, up/down/status/logs, eval). No placeholder pretends to work.
            VersionCommand.class,
            KafkaCommand.class,
            DataCommand.class,
            BenchCommand.class,
            TrainCommand.class,
            EvalCommand.class,
            DemoCommand.class,
            GenerateCommand.class,
            JobsCommand.class,
            StackCommands.Up.class,
            StackCommands.Down.class,
            StackCommands.Status.class,
            StackCommands.Logs.class,
            TestCommand.class,
            CommandLine.HelpCommand.class,
        })
public final class QdmCommand implements Runnable {

    public static final int EXIT_NOT_AVAILABLE = 2;
    public static final int EXIT_NOT_RUNNING = 3;

    private final QdmEnvironment environment;

    @Spec
    CommandSpec spec;

    public QdmCommand() {
        this(QdmEnvironment.fromSystem());
    }

    public QdmCommand(QdmEnvironment environment) {
        this.environment = environment;
    }

    public QdmEnvironment environment() {
        return environment;
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing subcommand");
    }

    /** The configured command line (also used by tests, with their own environment). */
    public static CommandLine commandLine(QdmEnvironment environment) {
        return new CommandLine(new QdmCommand(environment))
                .setExecutionExceptionHandler((e, cl, parseResult) -> {
                    // Failures are the user's to read, not a stack trace; QDM_DEBUG=1 shows the trace.
                    cl.getErr().println(cl.getCommandSpec().qualifiedName() + ": " + e.getMessage());
                    if (environment.env().containsKey("QDM_DEBUG")) {
                        e.printStackTrace(cl.getErr());
                    }
                    cl.getErr().flush();
                    return 1;
                });
    }

    public static void main(String[] args) {
        System.exit(commandLine(QdmEnvironment.fromSystem()).execute(args));
    }
}
