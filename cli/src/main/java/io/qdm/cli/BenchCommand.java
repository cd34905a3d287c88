package io.qdm.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.qdm.cli.bench.DjlJvmOptions;
import io.qdm.cli.bench.ModuleJvm;
import io.qdm.cli.bench.SimulatorComparison;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code qdm bench sim|latent}: each runs its module's benchmark main in a child JVM and prints a table; with
 * {@code --json} it also writes JSON. Benchmarks are never unit tests: numbers depend on the machine's load, which
 * every JSON records.
 */
@Command(name = "bench", description = "Benchmarks (tables on stdout, JSON with --json).",
        subcommands = {BenchNoiseCommand.class, BenchPipelineCommand.class, BenchEvalCommand.class, BenchQpuCommand.class})
public final class BenchCommand implements Callable<Integer> {

    static final String SIMULATOR = "circuit-service/simulator";

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return QdmCommand.EXIT_NOT_AVAILABLE;
    }

    @Command(name = "sim", description = {
            "The state-vector simulator: Appendix C kernels n=3..20, adjoint gradient of the 1110-parameter circuit,",
            "one training step and the projected 100-epoch training, next to PennyLane default.qubit (backprop),",
            "lightning.qubit (adjoint) and Qiskit Aer in the same run (bench/peers, pip-installed on first use)."})
    int sim(@Option(names = "--quick", description = "Short runs (< 2 min for the Java part).") boolean quick,
            @Option(names = "--json", paramLabel = "FILE", description = "Write the merged results as JSON.") Path json,
            @Option(names = "--no-peers", description = "Skip the Python peers (no ratios).") boolean noPeers,
            @Option(names = "--threads", paramLabel = "N", description = "Simulator threads (default: all cores).") Integer threads)
            throws Exception {
        ModuleJvm jvm = ModuleJvm.forCommand(spec);
        Path home = jvm.home();
        jvm.ensureBuilt(SIMULATOR, Path.of("target/classes/io/qdm/simulator/bench/SimulatorBenchmark.class"));
        Path work = Files.createTempDirectory("qdm-bench-sim-");
        Path simJson = work.resolve("simulator.json");
        Path peersJson = work.resolve("peers.json");

        JsonNode peers = null;
        String peersError = "skipped (--no-peers)";
        if (!noPeers) {
            List<String> py = new ArrayList<>(List.of("python3", "bench/peers/bench_training_step.py", "--json",
                    peersJson.toString()));
            if (quick) {
                py.add("--quick");
            }
            PrintWriter err = spec.commandLine().getErr();
            err.println("qdm bench sim: peers (PennyLane, Lightning, Qiskit Aer): " + String.join(" ", py));
            err.flush();
            int code = jvm.run(py);
            if (code == 0 && Files.exists(peersJson)) {
                peers = SimulatorComparison.read(peersJson);
            } else {
                peersError = "bench/peers/bench_training_step.py exited with " + code;
            }
        }
        // one core's FP64 peak is measured in the same run by a small C probe (the JVM cannot, see MeasuredPeak)
        List<String> args = new ArrayList<>(List.of("--json", simJson.toString(),
                "--peak-probe", home.resolve("bench/peak/fma_peak.c").toString()));
        if (quick) {
            args.add("--quick");
        }
        if (threads != null) {
            args.addAll(List.of("--threads", threads.toString()));
        }
        int code = jvm.run(jvm.command(SIMULATOR, "io.qdm.simulator.bench.SimulatorBenchmark",
                List.of("--add-modules=jdk.incubator.vector", "-Xss8m"), args));
        if (code != 0) {
            return code;
        }
        ObjectNode merged = SimulatorComparison.merge(SimulatorComparison.read(simJson), peers, peersError);
        PrintWriter out = spec.commandLine().getOut();
        out.print(SimulatorComparison.table(merged));
        if (json != null) {
            SimulatorComparison.write(merged, json);
            out.println("wrote " + json.toAbsolutePath());
        }
        out.flush();
        return 0;
    }

    @Command(name = "latent", description = "Autoencoder encode/decode throughput (images/s) at batch 1, 64 and 256.")
    int latent(@Option(names = "--quick", description = "Short runs.") boolean quick,
               @Option(names = "--json", paramLabel = "FILE", description = "Also write JSON.") Path json) throws Exception {
        ModuleJvm jvm = ModuleJvm.forCommand(spec);
        Path home = jvm.home();
        jvm.ensureBuilt("latent-service", Path.of("target/lib"));
        return jvm.run(jvm.command("latent-service", "io.qdm.latent.bench.LatentBenchmark",
                DjlJvmOptions.forRepository(home), ModuleJvm.benchmarkArgs(quick, json)));
    }
}
