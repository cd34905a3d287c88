package io.qdm.cli;

import io.qdm.cli.bench.DjlJvmOptions;
import io.qdm.cli.bench.ModuleJvm;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code qdm train autoencoder|qdm}: training jobs. */
@Command(name = "train", description = "Train models.")
public final class TrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return QdmCommand.EXIT_NOT_AVAILABLE;
    }

    @Command(name = "autoencoder", description = {
            "Train latent-service's autoencoder on MNIST (70k merged, 80/20 split, Huber, Adam, StepLR, seeded) with a",
            "progress line, resumable checkpoints, a manifest (config, seed, data and weights SHA-256, validation",
            "metrics, per-digit errors) and a PNG of reconstructions. Options go to the trainer: --epochs --batch-size",
            "--lr --seed --latent-dim --data-dir --out --limit --resume (fetch the data first: ./qdm data fetch)."})
    int autoencoder(@Parameters(paramLabel = "OPTIONS", arity = "0..*",
            description = "Trainer options, e.g. --epochs 5 --out out/autoencoder") List<String> options) throws Exception {
        ModuleJvm jvm = ModuleJvm.forCommand(spec);
        Path home = jvm.home();
        jvm.ensureBuilt("latent-service", Path.of("target/lib"));
        List<String> args = new ArrayList<>(options == null ? List.of() : options);
        return jvm.run(jvm.command("latent-service", "io.qdm.latent.training.TrainAutoencoderMain",
                DjlJvmOptions.forRepository(home), args));
    }

    @Command(name = "qdm", description = "Train a QDM through the services (not available yet: issue #7; "
            + "circuit-service's Train RPC trains on synthetic latents today).")
    int qdm() {
        spec.commandLine().getErr().println("qdm train qdm: training through the services (latent-service encodes, "
                + "noise-service streams pairs, circuit-service trains, eval-service scores) is not built yet (issue #7).");
        return QdmCommand.EXIT_NOT_AVAILABLE;
    }
}
