package io.qdm.cli.stack;

import java.util.List;

/**
 * One service of the local stack: its Maven module, its port offset from the stack's port base, and the JVM options
 * it runs with.
 *
 * @param portOffset added to the port base (8180 by default: circuit 8181 … eval 8185, as in the README)
 * @param niceness the process's scheduling niceness on a shared host (0 = normal, higher = yields the CPU)
 */
public record StackService(String name, String module, int portOffset, List<String> jvmOptions, int niceness) {

    /**
     * eval-service's niceness in the local stack. Scoring a job's images (features as the results arrive, metrics at
     * the end) is background work next to the generation path; with every process on two cores it took a third of
     * the CPU while a Kafka job ran and delayed the decoded results. At niceness 10 it runs on what the generation
     * stages leave: a 10,000-image job's last result came 3.64–3.84 s after the request instead of 4.17–4.69 s, and
     * the job's metrics follow when the stages are idle. On Kubernetes it is a deployment of its own (k8s/qdm.yaml).
     */
    public static final int EVAL_NICENESS = 10;

    /** In start order: the decoders and data sources first, so that the stages calling them find them ready. */
    public static final List<StackService> ALL = List.of(
            // the decoder's overlap-add on the Vector API (scalar loops without it, same bits)
            new StackService("latent-service", "latent-service", 3, List.of("-Xmx1g", "--enable-native-access=ALL-UNNAMED",
                    "--add-modules=jdk.incubator.vector"), 0),
            new StackService("noise-service", "noise-service", 2, List.of("-Xmx1g"), 0),
            // the simulator's Vector API backend (scalar fallback without it); every replica must use the same one
            new StackService("circuit-service", "circuit-service", 1, List.of("-Xmx1g", "--add-modules=jdk.incubator.vector"), 0),
            new StackService("eval-service", "eval-service", 5, List.of("-Xmx2g", "--enable-native-access=ALL-UNNAMED"),
                    EVAL_NICENESS),
            new StackService("qpu-gateway", "qpu-gateway", 4, List.of("-Xmx512m", "--add-modules=jdk.incubator.vector"), 0));

    public static StackService named(String name) {
        return ALL.stream().filter(s -> s.name().equals(name) || s.name().equals(name + "-service")).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown service '" + name + "'; known: "
                        + ALL.stream().map(StackService::name).toList()));
    }

    public int port(int portBase) {
        return portBase + portOffset;
    }

    /** The packaged application, relative to the repository root. */
    public String runJar() {
        return module + "/target/quarkus-app/quarkus-run.jar";
    }
}
