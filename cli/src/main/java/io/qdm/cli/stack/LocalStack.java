package io.qdm.cli.stack;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The five services as local processes ({@code qdm up|down|status|logs}): each runs its packaged Quarkus app with a
 * pid file and a log file under the stack's state directory, configured by environment variables only (the same
 * ones a Kubernetes deployment sets).
 */
public final class LocalStack {

    public static final Duration READY_TIMEOUT = Duration.ofSeconds(240);
    public static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);

    private final StackConfig config;
    private final Consumer<String> log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public LocalStack(StackConfig config, Consumer<String> log) {
        this.config = config;
        this.log = log;
    }

    public StackConfig config() {
        return config;
    }

    /** Whether each service has a live process and answers its readiness check. */
    public record ServiceState(StackService service, Optional<Long> pid, boolean ready) {
    }

    public List<ServiceState> status() {
        List<ServiceState> out = new ArrayList<>();
        for (StackService s : StackService.ALL) {
            Optional<Long> pid = livePid(s);
            out.add(new ServiceState(s, pid, pid.isPresent() && ready(s)));
        }
        return out;
    }

    /** Jars missing from the build (the caller builds them). */
    public List<StackService> unbuilt() {
        return StackService.ALL.stream().filter(s -> !Files.isRegularFile(config.home().resolve(s.runJar()))).toList();
    }

    /**
     * Starts every service that is not running (with {@code kafkaBootstrap}) and waits until all are ready.
     *
     * @throws IllegalStateException naming the service and the tail of its log when one dies or is not ready in time
     */
    public void up(String kafkaBootstrap) throws IOException, InterruptedException {
        Files.createDirectories(config.stateDir().resolve("logs"));
        List<StackService> started = new ArrayList<>();
        for (StackService s : StackService.ALL) {
            if (livePid(s).isPresent()) {
                log.accept(String.format("  %-16s already running (pid %d)", s.name(), livePid(s).get()));
                continue;
            }
            start(s, kafkaBootstrap);
            started.add(s);
        }
        for (StackService s : started) {
            awaitReady(s);
        }
    }

    /** Starts one service process (not waiting for readiness). */
    public long start(StackService s, String kafkaBootstrap) throws IOException {
        Path jar = config.home().resolve(s.runJar());
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(s.name() + " is not built (" + jar + " is missing): run ./mvnw -B install"
                    + " -DskipTests");
        }
        Files.createDirectories(config.logFile(s).getParent());
        List<String> cmd = new ArrayList<>(niceCommand(s.niceness()));
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(s.jvmOptions());
        cmd.add("-Dqdm.stack.service=" + s.name());
        cmd.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(config.home().toFile())
                .redirectInput(ProcessBuilder.Redirect.from(nullDevice()))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(config.logFile(s).toFile()));
        pb.environment().putAll(environment(s, kafkaBootstrap));
        Process p = pb.start();
        Files.writeString(config.pidFile(s), Long.toString(p.pid()));
        log.accept(String.format("  %-16s started (pid %d) on %s, log %s", s.name(), p.pid(), config.address(s),
                config.logFile(s)));
        return p.pid();
    }

    /**
     * The prefix that starts a process at {@code niceness} ({@code nice -n N}, which execs the JVM, so the recorded
     * pid is the JVM's and every thread it creates inherits the niceness); empty at 0 or where there is no
     * {@code nice} (the service then runs at normal priority).
     */
    static List<String> niceCommand(int niceness) {
        if (niceness == 0) {
            return List.of();
        }
        for (String dir : new String[] {"/usr/bin", "/bin"}) {
            Path nice = Path.of(dir, "nice");
            if (Files.isExecutable(nice)) {
                return List.of(nice.toString(), "-n", Integer.toString(niceness));
            }
        }
        return List.of();
    }

    /** The environment of a service: endpoints, topics, data and model locations. */
    Map<String, String> environment(StackService s, String kafkaBootstrap) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("QUARKUS_HTTP_PORT", Integer.toString(s.port(config.portBase())));
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafkaBootstrap);
        env.put("QDM_TOPICS_PREFIX", config.topicPrefix());
        env.put("DJL_CACHE_DIR", config.home().resolve(".qdm").resolve("djl").toString());
        for (StackService peer : StackService.ALL) {
            String key = peer.name().replace("-service", "").replace("-gateway", "").toUpperCase();
            env.put("QDM_" + key + "_HOST", "localhost");
            env.put("QDM_" + key + "_PORT", Integer.toString(peer.port(config.portBase())));
        }
        env.put("QDM_CIRCUIT_MODELS_DIR", config.modelsDir().toString());
        env.put("QDM_QPU_MODELS_DIR", config.modelsDir().toString());
        env.put("QDM_QPU_JOBS_DIR", config.stateDir().resolve("qpu-jobs").toString());
        Path latents = config.latentDatasetDir();
        if (Files.isRegularFile(latents.resolve("latents.f64"))) {
            env.put("QDM_NOISE_LATENT_VECTORS_PATH", latents.resolve("latents.f64").toString());
            env.put("QDM_NOISE_LATENT_LABELS_PATH", latents.resolve("labels.i32").toString());
        }
        return env;
    }

    /** Stops every running service: SIGTERM, then SIGKILL after {@link #STOP_TIMEOUT}. */
    public void down() throws InterruptedException {
        List<StackService> reverse = new ArrayList<>(StackService.ALL);
        java.util.Collections.reverse(reverse);
        for (StackService s : reverse) {
            stop(s);
        }
    }

    public void stop(StackService s) throws InterruptedException {
        Optional<Long> pid = livePid(s);
        if (pid.isEmpty()) {
            deletePid(s);
            return;
        }
        ProcessHandle h = ProcessHandle.of(pid.get()).orElseThrow();
        h.destroy();
        long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
        while (h.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        boolean killed = false;
        if (h.isAlive()) {
            h.destroyForcibly();
            killed = true;
        }
        deletePid(s);
        log.accept(String.format("  %-16s %s (pid %d)", s.name(), killed ? "killed" : "stopped", pid.get()));
    }

    /** SIGKILL, as a crash would (tests of redelivery). */
    public void kill(StackService s) {
        livePid(s).flatMap(ProcessHandle::of).ifPresent(ProcessHandle::destroyForcibly);
    }

    public void awaitReady(StackService s) throws InterruptedException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (livePid(s).isEmpty()) {
                throw new IllegalStateException(s.name() + " exited during startup; last log lines:\n" + tail(s, 25));
            }
            if (ready(s)) {
                log.accept(String.format("  %-16s ready", s.name()));
                return;
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(s.name() + " was not ready after " + READY_TIMEOUT.toSeconds()
                + " s; last log lines:\n" + tail(s, 25));
    }

    public boolean ready(StackService s) {
        try {
            HttpResponse<Void> r = http.send(HttpRequest.newBuilder(
                            URI.create("http://localhost:" + s.port(config.portBase()) + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.discarding());
            return r.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The pid of a live process started for {@code s} (a stale pid file, or a pid reused by another program, is ignored). */
    public Optional<Long> livePid(StackService s) {
        Path file = config.pidFile(s);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        long pid;
        try {
            pid = Long.parseLong(Files.readString(file).trim());
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .filter(h -> h.info().commandLine().map(c -> c.contains(s.runJar())).orElse(true))
                .map(ProcessHandle::pid);
    }

    public String tail(StackService s, int lines) {
        try {
            List<String> all = Files.readAllLines(config.logFile(s), StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log at " + config.logFile(s) + ")";
        }
    }

    private void deletePid(StackService s) {
        try {
            Files.deleteIfExists(config.pidFile(s));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static File nullDevice() {
        return new File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }
}
