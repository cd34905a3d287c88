package io.qdm.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code qdm demo}: the end-to-end demo. The pipeline it drives does not exist yet, so it says so and exits with
 * {@link QdmCommand#EXIT_NOT_AVAILABLE} instead of pretending; the pipeline issue replaces this body.
 */
@Command(name = "demo",
        description = "Run the end-to-end demo (not available yet: the demo pipeline is not built).")
final class DemoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getErr().println(
                "qdm demo: the demo pipeline is not built yet (issue #7); available now: `qdm data fetch`, `qdm kafka start|stop|status`, "
                        + "`qdm bench sim|noise|latent`, `qdm train autoencoder`, `qdm test`.");
        return QdmCommand.EXIT_NOT_AVAILABLE;
    }
}
