package io.qdm.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code qdm train autoencoder|qdm}: training jobs. */
@Command(name = "train", description = "Train models.", subcommands = TrainAutoencoderCommand.class)
public final class TrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return QdmCommand.EXIT_NOT_AVAILABLE;
    }

    @Command(name = "qdm", description = "Train a QDM through the services (not available yet: issue #7; "
            + "circuit-service's Train RPC trains on synthetic latents today).")
    int qdm() {
        spec.commandLine().getErr().println("qdm train qdm: training through the services (latent-service encodes, "
                + "noise-service streams pairs, circuit-service trains, eval-service scores) is not built yet (issue #7).");
        return QdmCommand.EXIT_NOT_AVAILABLE;
    }
}
