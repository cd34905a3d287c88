package io.qdm.cli;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code qdm bench noise}: runs the noise-service benchmark main ({@code io.qdm.noise.bench.NoiseBenchmark}) in a child
 * JVM on noise-service's own classpath ({@code noise-service/target/classes} + {@code target/lib}, copied at package
 * time); no service class is linked into the CLI. The benchmark prints its table and, with {@code --json}, writes JSON.
 */
@Command(name = "noise", description = "Training pairs per second (domain, gRPC stream, Kafka) for 8- and 256-dim "
        + "states; starts the packaged noise-service and uses the Kafka broker at --bootstrap.")
final class BenchNoiseCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--quick", description = "Short runs (2 s per measurement instead of 10 s).")
    boolean quick;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the results as JSON.")
    Path json;

    @Option(names = "--bootstrap", paramLabel = "HOST:PORT",
            description = "Kafka broker (default: $KAFKA_BOOTSTRAP_SERVERS, else 127.0.0.1:19092 of `qdm kafka start`)")
    String bootstrap;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Dataset cache (default: $QDM_DATA_DIR, else <repo>/.qdm/data).")
    Path dataDir;

    @Override
    public Integer call() throws Exception {
        QdmEnvironment env = ((QdmCommand) spec.root().userObject()).environment();
        Path home = env.requireHome();
        Path module = home.resolve("noise-service");
        Path classes = module.resolve("target/classes");
        Path lib = module.resolve("target/lib");
        Path app = module.resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.isDirectory(classes) || !Files.isDirectory(lib) || !Files.isRegularFile(app)) {
            spec.commandLine().getErr().println("qdm bench noise: noise-service is not packaged (need " + classes + ", "
                    + lib + " and " + app + "). Build it: (cd " + home + " && ./mvnw -B -pl noise-service package -DskipTests)");
            return QdmCommand.EXIT_NOT_AVAILABLE;
        }
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dqdm.home=" + home,
                "-Djava.util.logging.manager=org.jboss.logmanager.LogManager",
                "-cp", classes + File.pathSeparator + lib.resolve("*"),
                "io.qdm.noise.bench.NoiseBenchmark",
                "--app-jar", app.toString()));
        if (quick) {
            cmd.add("--quick");
        }
        if (json != null) {
            cmd.addAll(List.of("--json", json.toAbsolutePath().toString()));
        }
        if (bootstrap != null) {
            cmd.addAll(List.of("--bootstrap", bootstrap));
        }
        if (dataDir != null) {
            cmd.addAll(List.of("--data-dir", dataDir.toAbsolutePath().toString()));
        }
        return new ProcessBuilder(cmd).inheritIO().start().waitFor();
    }
}
