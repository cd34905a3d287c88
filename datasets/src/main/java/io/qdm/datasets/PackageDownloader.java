package io.qdm.datasets;

import java.io.IOException;
import java.nio.file.Path;

/** Obtains a registry package and unpacks it. The production implementation runs the registry's own client. */
@FunctionalInterface
public interface PackageDownloader {
    /**
     * Downloads and unpacks {@code source} inside {@code workDir} (an empty directory owned by the caller, deleted
     * afterwards).
     *
     * @return the directory that {@link DatasetFile#packagePath()} is relative to
     * @throws IOException with a message saying which command failed and why
     */
    Path download(PackageSource source, Path workDir) throws IOException;
}
