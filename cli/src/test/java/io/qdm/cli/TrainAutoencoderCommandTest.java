package io.qdm.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TrainAutoencoderCommandTest {

    @Test
    void trainerOptionsPassThroughUnparsed() {
        CommandLine cl = QdmCommand.commandLine(new QdmEnvironment(Optional.of(Path.of("/repo")), Map.of()));
        CommandLine.ParseResult parsed = cl.parseArgs("train", "autoencoder", "--epochs", "3", "--seed", "42", "--resume");
        CommandLine.ParseResult sub = parsed.subcommand().subcommand();
        TrainAutoencoderCommand command = (TrainAutoencoderCommand) sub.commandSpec().userObject();
        assertEquals(List.of("--epochs", "3", "--seed", "42", "--resume"), command.options);
    }
}
