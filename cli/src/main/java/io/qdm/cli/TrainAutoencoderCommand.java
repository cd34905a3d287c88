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

/** {@code qdm train autoencoder [trainer options]}: runs latent-service's trainer main in a child JVM. */
@Command(name = "autoencoder", description = {
        "Train latent-service's autoencoder on MNIST (70k merged, 80/20 split, Huber, Adam, StepLR, seeded) with a",
        "progress line, resumable checkpoints, a manifest (config, seed, data and weights SHA-256, validation",
        "metrics, per-digit errors) and a PNG of reconstructions. Trainer options: --epochs --batch-size --lr --seed",
        "--latent-dim --data-dir --out --limit --resume (fetch the data first: ./qdm data fetch)."})
public final class TrainAutoencoderCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    /** Everything after {@code autoencoder} goes to the trainer, which validates it. */
    @Unmatched
    List<String> options = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        ModuleJvm jvm = ModuleJvm.forCommand(spec);
        jvm.ensureBuilt("latent-service", Path.of("target/lib"));
        return jvm.run(jvm.command("latent-service", "io.qdm.latent.training.TrainAutoencoderMain",
                DjlJvmOptions.forRepository(jvm.home()), options));
    }
}
