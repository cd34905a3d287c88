package io.qdm.cli;

import io.qdm.cli.stack.LocalStack;
import io.qdm.cli.stack.StackService;
import io.qdm.cli.stack.StackSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code qdm up|down|status|logs}: the local stack (Kafka broker + the five services as processes). */
final class StackCommands {

    private StackCommands() {
    }

    static StackSupport support(QdmCommand parent, CommandSpec spec) {
        PrintWriter out = spec.commandLine().getOut();
        return new StackSupport(parent.environment(), line -> {
            out.println(line);
            out.flush();
        });
    }

    @Command(name = "up", description = "Build what is missing, fetch the data, start Kafka and the five services, and"
            + " wait until all are ready. Env: QDM_STACK_PORT_BASE (8180), KAFKA_BOOTSTRAP_SERVERS (external broker),"
            + " QDM_MODELS_DIR, QDM_TOPICS_PREFIX.")
    static final class Up implements Callable<Integer> {
        @ParentCommand
        QdmCommand parent;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            long t0 = System.nanoTime();
            StackSupport support = support(parent, spec);
            String kafka = support.up();
            PrintWriter out = spec.commandLine().getOut();
            out.printf("stack ready in %.0f s (kafka %s); logs in %s; stop with `qdm down`%n",
                    (System.nanoTime() - t0) / 1e9, kafka, support.stack().config().stateDir().resolve("logs"));
            return 0;
        }
    }

    @Command(name = "down", description = "Stop the five services (SIGTERM, SIGKILL after 20 s) and the local broker.")
    static final class Down implements Callable<Integer> {
        @ParentCommand
        QdmCommand parent;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            support(parent, spec).down();
            spec.commandLine().getOut().println("stack stopped");
            return 0;
        }
    }

    @Command(name = "status", description = "Show each service's process and readiness; exit 0 when all are ready, 3"
            + " otherwise.")
    static final class Status implements Callable<Integer> {
        @ParentCommand
        QdmCommand parent;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            LocalStack stack = support(parent, spec).stack();
            PrintWriter out = spec.commandLine().getOut();
            out.printf("%-16s %-8s %-16s %-6s %s%n", "service", "pid", "address", "ready", "log");
            boolean allReady = true;
            for (LocalStack.ServiceState s : stack.status()) {
                out.printf("%-16s %-8s %-16s %-6s %s%n", s.service().name(),
                        s.pid().map(String::valueOf).orElse("-"), stack.config().address(s.service()),
                        s.ready() ? "yes" : "no", stack.config().logFile(s.service()));
                allReady &= s.ready();
            }
            out.flush();
            return allReady ? 0 : QdmCommand.EXIT_NOT_RUNNING;
        }
    }

    @Command(name = "logs", description = "Print the last lines of the services' logs (all, or the named ones).")
    static final class Logs implements Callable<Integer> {
        @ParentCommand
        QdmCommand parent;
        @Spec
        CommandSpec spec;
        @Parameters(arity = "0..*", paramLabel = "SERVICE", description = "circuit, noise, latent, eval, qpu-gateway.")
        List<String> services = List.of();
        @Option(names = {"-n", "--lines"}, defaultValue = "40", description = "Lines per service (default ${DEFAULT-VALUE}).")
        int lines;

        @Override
        public Integer call() {
            LocalStack stack = support(parent, spec).stack();
            PrintWriter out = spec.commandLine().getOut();
            List<StackService> chosen = services.isEmpty() ? StackService.ALL
                    : services.stream().map(StackService::named).toList();
            for (StackService s : chosen) {
                out.println("==> " + stack.config().logFile(s) + " <==");
                out.println(stack.tail(s, lines));
            }
            out.flush();
            return 0;
        }
    }
}
