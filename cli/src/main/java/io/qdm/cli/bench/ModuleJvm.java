package io.qdm.cli.bench;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs a module's {@code main} class in a child JVM on that module's own classpath ({@code target/classes} plus
 * {@code target/lib} when the module copies its dependencies there), so the CLI never links service classes.
 * Builds the module first (with a message) when its classes are missing.
 */
public final class ModuleJvm {

    private final Path home;
    private final Consumer<String> log;

    public ModuleJvm(Path home, Consumer<String> log) {
        this.home = home;
        this.log = log;
    }

    /** For a subcommand of {@code qdm}: the repository root from its environment, messages to its stderr. */
    public static ModuleJvm forCommand(picocli.CommandLine.Model.CommandSpec spec) {
        java.io.PrintWriter err = spec.commandLine().getErr();
        Path home = ((io.qdm.cli.QdmCommand) spec.root().userObject()).environment().requireHome();
        return new ModuleJvm(home, line -> {
            err.println(line);
            err.flush();
        });
    }

    /** The repository root. */
    public Path home() {
        return home;
    }

    /** Packages {@code module} (and what it needs) unless {@code required} already exists. */
    public void ensureBuilt(String module, Path required) throws IOException, InterruptedException {
        if (Files.exists(home.resolve(module).resolve(required))) {
            return;
        }
        log.accept("qdm: building " + module + " (first use, a few minutes)…");
        int code = new ProcessBuilder("./mvnw", "-B", "-q", "-pl", module, "-am", "install", "-DskipTests")
                .directory(home.toFile()).inheritIO().start().waitFor();
        if (code != 0) {
            throw new IllegalStateException("building " + module + " failed (exit " + code + "); run: (cd " + home
                    + " && ./mvnw -B -pl " + module + " -am install -DskipTests)");
        }
    }

    /** The java command for {@code mainClass} of {@code module}, with extra JVM options and program arguments. */
    public List<String> command(String module, String mainClass, List<String> jvmOptions, List<String> args) {
        Path dir = home.resolve(module);
        String classpath = dir.resolve("target/classes").toString();
        if (Files.isDirectory(dir.resolve("target/lib"))) {
            classpath += File.pathSeparator + dir.resolve("target/lib").resolve("*");
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.add("-Dqdm.home=" + home);
        cmd.addAll(List.of("-cp", classpath, mainClass));
        cmd.addAll(args);
        return cmd;
    }

    /**
     * The arguments every benchmark main takes: {@code --quick} when asked, {@code --json FILE} (absolute) when given;
     * a mutable list, so a command can add its own.
     */
    public static List<String> benchmarkArgs(boolean quick, Path json) {
        List<String> args = new ArrayList<>();
        if (quick) {
            args.add("--quick");
        }
        if (json != null) {
            args.addAll(List.of("--json", json.toAbsolutePath().toString()));
        }
        return args;
    }

    /** Runs a command with inherited output in the repository root; returns its exit code. */
    public int run(List<String> command) throws IOException, InterruptedException {
        return new ProcessBuilder(command).directory(home.toFile()).inheritIO().start().waitFor();
    }
}
