package io.qdm.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code qdm train classifier}, {@code qdm eval} and {@code qdm bench eval} parse and pass their options through. */
class EvalCommandsTest {

    private static CommandLine cl() {
        return QdmCommand.commandLine(new QdmEnvironment(Optional.of(Path.of("/repo")), Map.of()));
    }

    @Test
    void trainClassifierPassesTrainerOptionsThroughUnparsed() {
        CommandLine.ParseResult sub = cl().parseArgs("train", "classifier", "--dataset", "fashion-mnist", "--epochs",
                "2", "--seed", "7").subcommand().subcommand();
        TrainClassifierCommand command = (TrainClassifierCommand) sub.commandSpec().userObject();
        assertEquals(List.of("--dataset", "fashion-mnist", "--epochs", "2", "--seed", "7"), command.options);
    }

    @Test
    void evalPassesFilesAndOptionsThrough() {
        CommandLine.ParseResult sub = cl().parseArgs("eval", "samples.idx", "--labels", "labels.idx", "--no-latent")
                .subcommand();
        EvalCommand command = (EvalCommand) sub.commandSpec().userObject();
        assertEquals(List.of("samples.idx", "--labels", "labels.idx", "--no-latent"), command.arguments);
    }

    @Test
    void benchEvalTakesQuickSamplesAndJson() {
        CommandLine.ParseResult sub = cl().parseArgs("bench", "eval", "--samples", "5000", "--json", "out.json")
                .subcommand().subcommand();
        BenchEvalCommand command = (BenchEvalCommand) sub.commandSpec().userObject();
        assertEquals(5000, command.samples);
        assertEquals(Path.of("out.json"), command.json);
        assertTrue(!command.quick);
    }
}
