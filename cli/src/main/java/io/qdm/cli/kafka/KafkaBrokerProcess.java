package io.qdm.cli.kafka;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Starts, stops and inspects the local Kafka broker: a separate JVM running {@code kafka.Kafka server.properties}
 * from {@link BrokerClasspath}, detached from the caller so it outlives the {@code qdm} process.
 *
 * <p>The pid file alone is never trusted: a pid counts as "our broker" only if that process is alive and its
 * command line runs {@value #MAIN_CLASS} with this state dir's server.properties. Anything else (process gone,
 * pid reused by another program, a broker of another state dir) is a stale pid file.
 *
 * <p>Start and stop hold an exclusive lock on {@code <stateDir>/.lock}, so two concurrent {@code qdm kafka start}
 * cannot launch two brokers on one data dir.
 */
public final class KafkaBrokerProcess {

    public static final String MAIN_CLASS = "kafka.Kafka";
    /** Logged by KafkaRaftServer once the broker serves clients; the port opens within milliseconds of it. */
    public static final String READY_LINE = "Kafka Server started";
    public static final Duration DEFAULT_READY_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(30);
    static final int TAIL_LINES = 20;

    /** Heap and GC measured for a single-node dev broker: ~365 MB RSS (docs: shared/reference/kafka-no-docker.md). */
    static final List<String> BROKER_JVM_OPTIONS = List.of("-Xmx512m", "-XX:+UseSerialGC", "-Djava.awt.headless=true");

    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration FORMAT_TIMEOUT = Duration.ofMinutes(2);

    private final BrokerConfig config;
    private final BrokerClasspath classpath;
    private final Duration readyTimeout;
    private final Duration stopTimeout;
    private final Consumer<String> progress;
    private final PidFile pidFile;

    /**
     * @param progress receives one-line progress messages meant for the user (the CLI prints them on stderr)
     */
    public KafkaBrokerProcess(BrokerConfig config, BrokerClasspath classpath, Duration readyTimeout,
            Duration stopTimeout, Consumer<String> progress) {
        this.config = config;
        this.classpath = classpath;
        this.readyTimeout = readyTimeout;
        this.stopTimeout = stopTimeout;
        this.progress = progress;
        this.pidFile = new PidFile(config.pidFile());
    }

    public BrokerConfig config() {
        return config;
    }

    /**
     * @param pid the broker's pid when running
     * @param stalePid a pid file exists but does not name a running broker of this state dir
     */
    public record Status(boolean running, OptionalLong pid, boolean stalePid) {
    }

    public enum StartOutcome { STARTED, ALREADY_RUNNING }

    /** @param elapsed wall time of the whole start, including a first-use build and storage format */
    public record StartResult(StartOutcome outcome, long pid, Duration elapsed) {
    }

    public enum StopOutcome {
        /** exited after SIGTERM */
        STOPPED,
        /** ignored SIGTERM for the stop timeout and was killed */
        KILLED,
        NOT_RUNNING
    }

    public record StopResult(StopOutcome outcome, OptionalLong pid, boolean stalePidRemoved, Duration elapsed) {
    }

    public Status status() {
        OptionalLong pid = pidFile.read();
        if (pid.isPresent() && runningBroker(pid.getAsLong()).isPresent()) {
            return new Status(true, pid, false);
        }
        return new Status(false, OptionalLong.empty(), pidFile.exists());
    }

    /**
     * The address clients should use: the advertised listener of the running broker (which may have been started
     * with other ports than this configuration's), else this configuration's.
     */
    public String bootstrapServers() {
        if (status().running()) {
            Optional<String> advertised = readServerProperty("advertised.listeners");
            if (advertised.isPresent() && advertised.get().startsWith("PLAINTEXT://")) {
                return advertised.get().substring("PLAINTEXT://".length());
            }
        }
        return config.bootstrapServers();
    }

    /** Starts the broker unless it already runs, and waits until it serves clients. */
    public StartResult start() {
        long t0 = System.nanoTime();
        createStateDir();
        try (StateDirLock lock = lockStateDir()) {
            OptionalLong existing = pidFile.read();
            if (existing.isPresent() && runningBroker(existing.getAsLong()).isPresent()) {
                return new StartResult(StartOutcome.ALREADY_RUNNING, existing.getAsLong(), since(t0));
            }
            if (pidFile.exists()) {
                progress.accept("qdm: removing stale pid file " + pidFile.path()
                        + existing.stream().mapToObj(p -> " (pid " + p + " is not a running broker)").findFirst().orElse(""));
                pidFile.delete();
            }
            requireFree(config.port(), "Kafka port", BrokerConfig.ENV_PORT);
            requireFree(config.controllerPort(), "Kafka controller port", BrokerConfig.ENV_CONTROLLER_PORT);
            classpath.ensureBuilt(progress);
            writeString(config.serverProperties(), config.renderServerProperties());
            if (!isFormatted()) {
                format(clusterId());
            }
            rotate(config.logFile());
            rotate(config.consoleFile());
            Process broker = launch();
            pidFile.write(broker.pid());
            try {
                awaitReady(broker);
            } catch (RuntimeException e) {
                broker.destroyForcibly();
                waitQuietly(broker.toHandle(), Duration.ofSeconds(10));
                pidFile.delete();
                throw e;
            }
            return new StartResult(StartOutcome.STARTED, broker.pid(), since(t0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends SIGTERM, waits up to the stop timeout, then SIGKILL; always leaves no pid file behind. */
    public StopResult stop() {
        long t0 = System.nanoTime();
        if (!Files.isDirectory(config.stateDir())) {
            return new StopResult(StopOutcome.NOT_RUNNING, OptionalLong.empty(), false, since(t0));
        }
        try (StateDirLock lock = lockStateDir()) {
            OptionalLong pid = pidFile.read();
            Optional<ProcessHandle> broker = pid.isPresent() ? runningBroker(pid.getAsLong()) : Optional.empty();
            if (broker.isEmpty()) {
                boolean stale = pidFile.exists();
                pidFile.delete();
                return new StopResult(StopOutcome.NOT_RUNNING, OptionalLong.empty(), stale, since(t0));
            }
            ProcessHandle handle = broker.get();
            StopOutcome outcome = StopOutcome.STOPPED;
            handle.destroy();
            if (!waitQuietly(handle, stopTimeout)) {
                progress.accept("qdm: the broker (pid " + handle.pid() + ") ignored SIGTERM for "
                        + stopTimeout.toSeconds() + " s; killing it");
                handle.destroyForcibly();
                outcome = StopOutcome.KILLED;
                if (!waitQuietly(handle, Duration.ofSeconds(10))) {
                    throw new BrokerException("the broker (pid " + handle.pid() + ") is still alive after SIGKILL");
                }
            }
            pidFile.delete();
            return new StopResult(outcome, pid, false, since(t0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** True if the command line runs the broker main class on exactly this state dir's server.properties. */
    static boolean isBrokerCommandLine(List<String> commandLine, Path serverProperties) {
        return commandLine.contains(MAIN_CLASS)
                && commandLine.contains(serverProperties.toAbsolutePath().normalize().toString());
    }

    /** The live process with this pid if it is this state dir's broker. */
    Optional<ProcessHandle> runningBroker(long pid) {
        return ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(h -> commandLineOf(h).map(cl -> isBrokerCommandLine(cl, config.serverProperties()))
                        // No way to inspect the process on this OS: trust the pid file.
                        .orElse(true));
    }

    /** The full command line: /proc on Linux (never truncated), else what the JDK reports, if anything. */
    static Optional<List<String>> commandLineOf(ProcessHandle h) {
        Path proc = Path.of("/proc", Long.toString(h.pid()), "cmdline");
        if (Files.isReadable(proc)) {
            try {
                String raw = Files.readString(proc, StandardCharsets.UTF_8);
                return Optional.of(Arrays.asList(raw.split("\0")));
            } catch (IOException e) {
                // process exited meanwhile, or no permission: fall through to the JDK
            }
        }
        ProcessHandle.Info info = h.info();
        if (info.command().isPresent() && info.arguments().isPresent()) {
            List<String> cl = new ArrayList<>();
            cl.add(info.command().get());
            cl.addAll(Arrays.asList(info.arguments().get()));
            return Optional.of(cl);
        }
        return Optional.empty();
    }

    static boolean isListening(String host, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private void requireFree(int port, String what, String env) {
        if (isListening(BrokerConfig.HOST, port)) {
            throw new BrokerException(what + " " + BrokerConfig.HOST + ":" + port + " is already in use by another "
                    + "process (not the broker of " + config.stateDir() + "); stop it or choose another port with "
                    + env + "=<port>");
        }
    }

    private boolean isFormatted() {
        return Files.isRegularFile(config.dataDir().resolve("meta.properties"));
    }

    private String clusterId() throws IOException {
        Path file = config.clusterIdFile();
        if (Files.isRegularFile(file)) {
            String id = Files.readString(file, StandardCharsets.UTF_8).trim();
            if (!id.isEmpty()) {
                return id;
            }
        }
        String id = ClusterId.generate(new SecureRandom());
        writeString(file, id + "\n");
        return id;
    }

    /** {@code kafka.tools.StorageTool format}: writes meta.properties into the data dir, once per state dir. */
    private void format(String clusterId) {
        progress.accept("qdm: formatting the Kafka storage in " + config.dataDir() + " (cluster id " + clusterId + ")");
        List<String> command = new ArrayList<>(List.of(javaExecutable(), "-Xmx256m", "-XX:+UseSerialGC",
                "-Dqdm.kafka.log=" + config.stateDir().resolve("format.log"), "-cp", classpath.classpath(),
                "kafka.tools.StorageTool", "format", "-t", clusterId, "-c", config.serverProperties().toString()));
        try {
            Process p = new ProcessBuilder(command).directory(config.stateDir().toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(BrokerClasspath.nullDevice()))
                    .redirectErrorStream(true).start();
            String output;
            try (InputStream in = p.getInputStream()) {
                output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (!p.waitFor(FORMAT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new BrokerException("formatting the Kafka storage took over " + FORMAT_TIMEOUT.toSeconds() + " s");
            }
            if (p.exitValue() != 0 || !isFormatted()) {
                throw new BrokerException("formatting the Kafka storage failed (exit " + p.exitValue() + "): "
                        + String.join(" ", command) + "\n" + output.strip());
            }
        } catch (IOException e) {
            throw new BrokerException("cannot run " + command.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrokerException("interrupted while formatting the Kafka storage", e);
        }
    }

    private Process launch() {
        List<String> command = new ArrayList<>();
        // setsid puts the broker in its own session, so a Ctrl-C or hang-up in the terminal that ran `qdm` does not
        // reach it. ProcessBuilder's child is never a process-group leader, so setsid execs in place: the pid we get
        // is the broker JVM's.
        Path setsid = Path.of("/usr/bin/setsid");
        if (Files.isExecutable(setsid)) {
            command.add(setsid.toString());
        }
        command.add(javaExecutable());
        command.addAll(BROKER_JVM_OPTIONS);
        command.add("-Dqdm.kafka.log=" + config.logFile());
        command.add("-cp");
        command.add(classpath.classpath());
        command.add(MAIN_CLASS);
        command.add(config.serverProperties().toString());
        progress.accept("qdm: starting the Kafka broker on " + config.bootstrapServers() + " (log: " + config.logFile() + ")");
        try {
            return new ProcessBuilder(command).directory(config.stateDir().toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(BrokerClasspath.nullDevice()))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(config.consoleFile().toFile()))
                    .start();
        } catch (IOException e) {
            throw new BrokerException("cannot start the broker: " + String.join(" ", command) + ": " + e.getMessage(), e);
        }
    }

    private void awaitReady(Process broker) {
        long deadline = System.nanoTime() + readyTimeout.toNanos();
        while (true) {
            if (!broker.isAlive()) {
                throw startFailure("the broker exited during startup (exit code " + broker.exitValue() + ")");
            }
            if (logContains(READY_LINE) && isListening(BrokerConfig.HOST, config.port())) {
                List<String> cl = commandLineOf(broker.toHandle()).orElse(List.of());
                if (!cl.isEmpty() && !isBrokerCommandLine(cl, config.serverProperties())) {
                    throw startFailure("pid " + broker.pid() + " is not the broker JVM: " + String.join(" ", cl));
                }
                return;
            }
            if (System.nanoTime() > deadline) {
                throw startFailure("the broker did not log '" + READY_LINE + "' and open " + config.bootstrapServers()
                        + " within " + readyTimeout.toSeconds() + " s; it was killed");
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw startFailure("interrupted while waiting for the broker");
            }
        }
    }

    private BrokerException startFailure(String reason) {
        return new BrokerException(reason + LogTail.section(config.logFile(), TAIL_LINES)
                + LogTail.section(config.consoleFile(), TAIL_LINES));
    }

    private boolean logContains(String line) {
        try {
            return Files.isRegularFile(config.logFile())
                    && Files.readString(config.logFile(), StandardCharsets.ISO_8859_1).contains(line);
        } catch (IOException e) {
            return false;
        }
    }

    private Optional<String> readServerProperty(String key) {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(config.serverProperties())) {
            p.load(in);
            return Optional.ofNullable(p.getProperty(key));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** An exclusive OS lock on {@code <stateDir>/.lock}; closing the channel releases it. */
    private record StateDirLock(FileChannel channel) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    private StateDirLock lockStateDir() throws IOException {
        FileChannel channel = FileChannel.open(config.stateDir().resolve(".lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        try {
            channel.lock();
            return new StateDirLock(channel);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private void createStateDir() {
        try {
            Files.createDirectories(config.stateDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the Kafka state dir " + config.stateDir(), e);
        }
    }

    /** Keeps one previous run's file as {@code <name>.1}; a fresh broker.log also makes the readiness check exact. */
    private static void rotate(Path file) throws IOException {
        if (Files.exists(file)) {
            Files.move(file, file.resolveSibling(file.getFileName() + ".1"), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void writeString(Path file, String content) throws IOException {
        Files.writeString(file, content, StandardCharsets.UTF_8);
    }

    /** The JVM running the CLI, so the broker runs on the same Java version the user chose for qdm. */
    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static boolean waitQuietly(ProcessHandle h, Duration timeout) {
        try {
            h.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return !h.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !h.isAlive();
        }
    }

    private static Duration since(long t0) {
        return Duration.ofNanos(System.nanoTime() - t0);
    }
}
