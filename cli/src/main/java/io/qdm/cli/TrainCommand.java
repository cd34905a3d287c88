package io.qdm.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code qdm train autoencoder|qdm}: training jobs. */
@Command(name = "train", description = "Train models.", subcommands = {TrainAutoencoderCommand.class, TrainQdmCommand.class, TrainClassifierCommand.class})
public final class TrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return QdmCommand.EXIT_NOT_AVAILABLE;
    }
}
