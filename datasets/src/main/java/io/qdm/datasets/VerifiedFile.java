package io.qdm.datasets;

import java.nio.file.Path;

/**
 * A catalogue file found on disk with the right content hash.
 *
 * @param path        where it is (raw or gzip)
 * @param sizeOnDisk  bytes on disk (compressed size for a gzip file)
 * @param sha256      SHA-256 of the decompressed IDX content, equal to {@link DatasetFile#contentSha256()}
 * @param origin      what the fetch had to do for it
 */
public record VerifiedFile(DatasetFile file, Path path, long sizeOnDisk, String sha256, Origin origin) {

    public enum Origin {
        /** Already in the cache and verified: nothing was done. */
        ALREADY_PRESENT,
        /** Obtained from its registry package just now. */
        DOWNLOADED,
        /** Copied from a directory the user supplied. */
        IMPORTED
    }
}
