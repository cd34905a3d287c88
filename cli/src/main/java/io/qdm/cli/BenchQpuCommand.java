package io.qdm.cli;

import io.qdm.cli.bench.ModuleJvm;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code qdm bench qpu}: runs qpu-gateway's benchmark main ({@code io.qdm.qpu.bench.QpuBenchmark}) in a child JVM on
 * qpu-gateway's own classpath (no service class is linked into the CLI): shots/s of the shots and noisy emulators and
 * the fidelity of estimated moduli to the exact chain against shots and noise level, as a table, JSON and a PNG.
 */
@Command(name = "qpu", description = "QPU emulators: shots/s (shots, noisy) and fidelity to the exact chain vs shots "
        + "and noise level; table, --json and a PNG plot (default bench/qpu/qpu-fidelity.png).")
final class BenchQpuCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--quick", description = "Fewer rows, shot counts and noise levels (< 1 min).")
    boolean quick;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the results as JSON.")
    Path json;

    @Option(names = "--png", paramLabel = "FILE", description = "Where to write the plot (default bench/qpu/qpu-fidelity.png).")
    Path png;

    @Override
    public Integer call() throws Exception {
        ModuleJvm jvm = ModuleJvm.forCommand(spec);
        jvm.ensureBuilt("qpu-gateway", Path.of("target/lib"));
        List<String> args = ModuleJvm.benchmarkArgs(quick, json);
        if (png != null) {
            args.addAll(List.of("--png", png.toAbsolutePath().toString()));
        }
        return jvm.run(jvm.command("qpu-gateway", "io.qdm.qpu.bench.QpuBenchmark",
                List.of("-Djava.awt.headless=true"), args));
    }
}
