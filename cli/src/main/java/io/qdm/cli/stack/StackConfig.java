package io.qdm.cli.stack;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where the local stack lives and how its services find each other. Every value can be overridden by an environment
 * variable, so that tests (and a second stack on the same machine) get their own ports, state and topics.
 *
 * @param stateDir   pid files and logs ({@code QDM_STACK_DIR}, default {@code <repo>/.qdm/stack})
 * @param portBase   service ports are base + 1..5 ({@code QDM_STACK_PORT_BASE}, default 8180)
 * @param kafka      bootstrap servers; null = the local broker of {@code qdm kafka} ({@code KAFKA_BOOTSTRAP_SERVERS})
 * @param topicPrefix prefix of every topic ({@code QDM_TOPICS_PREFIX}, default none)
 * @param modelsDir  the model registry directory ({@code QDM_MODELS_DIR}, default {@code <repo>/models})
 */
public record StackConfig(Path home, Path stateDir, int portBase, String kafka, String topicPrefix, Path modelsDir) {

    public static final int DEFAULT_PORT_BASE = 8180;

    public static StackConfig fromEnvironment(Path home, Map<String, String> env) {
        Path state = env.containsKey("QDM_STACK_DIR") ? Path.of(env.get("QDM_STACK_DIR"))
                : home.resolve(".qdm").resolve("stack");
        int base = env.containsKey("QDM_STACK_PORT_BASE") ? Integer.parseInt(env.get("QDM_STACK_PORT_BASE"))
                : DEFAULT_PORT_BASE;
        Path models = env.containsKey("QDM_MODELS_DIR") ? Path.of(env.get("QDM_MODELS_DIR")) : home.resolve("models");
        return new StackConfig(home, state.toAbsolutePath(), base, env.get("KAFKA_BOOTSTRAP_SERVERS"),
                env.getOrDefault("QDM_TOPICS_PREFIX", ""), models.toAbsolutePath());
    }

    public Path pidFile(StackService s) {
        return stateDir.resolve(s.name() + ".pid");
    }

    public Path logFile(StackService s) {
        return stateDir.resolve("logs").resolve(s.name() + ".log");
    }

    /** host:port of a service's gRPC + HTTP endpoint. */
    public String address(StackService s) {
        return "localhost:" + s.port(portBase);
    }

    /** The latent dataset noise-service trains from (written by latent-service's export). */
    public Path latentDatasetDir() {
        return home.resolve(".qdm").resolve("latents").resolve("mnist-autoencoder-2");
    }
}
