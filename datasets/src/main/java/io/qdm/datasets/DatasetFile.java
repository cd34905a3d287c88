package io.qdm.datasets;

/**
 * One file of the catalogue.
 *
 * <p>Two hashes are recorded because Debian ships Fashion-MNIST gzip-compressed: {@code packageSha256} is the hash
 * of the file exactly as the package ships it (checked right after unpacking), {@code contentSha256} the hash of the
 * IDX bytes after gzip decompression (equal to {@code packageSha256} for uncompressed files). Verification of a
 * cache or user directory uses the content hash, so either a raw or a gzip copy of the right file is accepted.
 *
 * @param packagePath   path of the file inside the unpacked package, '/'-separated
 * @param idxName       the IDX file name without ".gz" (e.g. {@code train-images-idx3-ubyte}); a directory may hold
 *                      it as {@code idxName} or {@code idxName.gz}
 * @param contentSize   length in bytes of the decompressed IDX content
 * @param count         number of images or labels in the file
 */
public record DatasetFile(
        DatasetId dataset,
        DatasetSplit split,
        DatasetPart part,
        String packagePath,
        String idxName,
        String packageSha256,
        String contentSha256,
        long contentSize,
        int count) {

    /** The name of the file as shipped (last segment of {@link #packagePath()}). */
    public String shippedName() {
        return packagePath.substring(packagePath.lastIndexOf('/') + 1);
    }

    /** "mnist train images", for messages. */
    public String describe() {
        return dataset.cliName() + " " + split.cliName() + " " + part.name().toLowerCase(java.util.Locale.ROOT);
    }
}
