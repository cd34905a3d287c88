package io.qdm.cli;

import io.qdm.cli.bench.DjlJvmOptions;
import io.qdm.cli.bench.ModuleJvm;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code qdm bench eval}: runs eval-service's benchmark main ({@code io.qdm.eval.bench.EvalBenchmark}) in a child JVM
 * on eval-service's own classpath, as {@code bench latent} does.
 */
@Command(name = "eval", description = "Feature extraction (images/s) and FID wall time over 10k samples against the "
        + "MNIST test set, plus each other metric's time.")
final class BenchEvalCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--quick", description = "2,000 samples instead of 10,000.")
    boolean quick;

    @Option(names = "--samples", paramLabel = "N", description = "Samples to score (default 10000).")
    Integer samples;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write JSON.")
    Path json;

    @Override
    public Integer call() throws Exception {
        ModuleJvm jvm = ModuleJvm.forCommand(spec);
        jvm.ensureBuilt("eval-service", Path.of("target/lib"));
        List<String> args = ModuleJvm.benchmarkArgs(quick, json);
        if (samples != null) {
            args.addAll(List.of("--samples", samples.toString()));
        }
        return jvm.run(jvm.command("eval-service", "io.qdm.eval.bench.EvalBenchmark",
                DjlJvmOptions.forRepository(jvm.home()), args));
    }
}
