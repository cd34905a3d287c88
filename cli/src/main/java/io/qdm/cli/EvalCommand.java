package io.qdm.cli;

import io.qdm.cli.bench.DjlJvmOptions;
import io.qdm.cli.bench.ModuleJvm;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code qdm eval FILE... [options]}: scores image files with eval-service's metrics in a child JVM. */
@Command(name = "eval", description = {
        "Score generated images (IDX [N,28,28] files or PNG grids of 28x28 tiles) against a reference set: FID,",
        "KID, precision/recall, conditioning accuracy (--labels), per-digit JSD, ROC-AUC, and the real-vs-real and",
        "autoencoder-reconstruction baselines (latent-service at --latent, default localhost:8183). Writes a report",
        "JSON (--out, default eval-report.json). Options: --labels --reference --extractor --out --latent --no-latent",
        "--padding --data-dir."})
public final class EvalCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    /** Files and options go to the evaluator main, which validates them. */
    @Unmatched
    List<String> arguments = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        ModuleJvm jvm = ModuleJvm.forCommand(spec);
        jvm.ensureBuilt("eval-service", Path.of("target/lib"));
        List<String> args = new ArrayList<>();
        Path cwd = Path.of("").toAbsolutePath();
        for (String a : arguments) {
            // the child runs in the repository root: make relative file arguments absolute
            args.add(!a.startsWith("-") && !a.contains(":") ? cwd.resolve(a).toString() : a);
        }
        return jvm.run(jvm.command("eval-service", "io.qdm.eval.cli.EvalFilesMain",
                DjlJvmOptions.forRepository(jvm.home()), args));
    }
}
