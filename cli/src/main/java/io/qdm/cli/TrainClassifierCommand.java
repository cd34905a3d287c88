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

/** {@code qdm train classifier [trainer options]}: runs eval-service's feature-extractor trainer in a child JVM. */
@Command(name = "classifier", description = {
        "Train eval-service's LeNet-style feature extractor (128-d features) on MNIST or Fashion-MNIST with a progress",
        "line (epoch, loss, images/s, ETA); writes the weights and a manifest (config, seed, data and weights SHA-256,",
        "test accuracy). Trainer options: --dataset mnist|fashion-mnist --epochs --batch-size --lr --lr-decay --seed",
        "--data-dir --out --limit. Regenerate the shipped weights with",
        "--out eval-service/src/main/resources/extractors/lenet-<dataset> (fetch the data first: ./qdm data fetch)."})
public final class TrainClassifierCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    /** Everything after {@code classifier} goes to the trainer, which validates it. */
    @Unmatched
    List<String> options = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        ModuleJvm jvm = ModuleJvm.forCommand(spec);
        jvm.ensureBuilt("eval-service", Path.of("target/lib"));
        return jvm.run(jvm.command("eval-service", "io.qdm.eval.training.TrainClassifierMain",
                DjlJvmOptions.forRepository(jvm.home()), options));
    }
}
