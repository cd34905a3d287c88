package io.qdm.datasets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A cache directory of verified dataset files, laid out as {@code <root>/<dataset>/<file as shipped>}, e.g.
 * {@code .qdm/data/mnist/train-images-idx3-ubyte} and {@code .qdm/data/fashion-mnist/train-images-idx3-ubyte.gz}.
 * Reading never downloads: a missing or corrupt file is an error whose message says how to fix it.
 */
public final class DatasetStore {
    private final Path root;
    private final DatasetCatalog catalog;

    public DatasetStore(Path root, DatasetCatalog catalog) {
        this.root = root.toAbsolutePath().normalize();
        this.catalog = catalog;
    }

    public Path root() {
        return root;
    }

    public DatasetCatalog catalog() {
        return catalog;
    }

    /** The directory holding one dataset's files. */
    public Path datasetDirectory(DatasetId dataset) {
        return root.resolve(dataset.cliName());
    }

    /** Where {@code file} is stored in this cache (it may not exist). */
    public Path pathOf(DatasetFile file) {
        return datasetDirectory(file.dataset()).resolve(file.shippedName());
    }

    /** The command that repairs this cache for {@code dataset}. */
    public String fixCommand(DatasetId dataset) {
        return "./qdm data fetch --dataset " + dataset.cliName() + " --dir " + root;
    }

    /**
     * Reads {@code file} from the cache, decompressed, after checking its content SHA-256.
     *
     * @throws DatasetFormatException naming the file, the expected and actual hash and the fix
     */
    public byte[] readVerified(DatasetFile file) {
        Path path = locate(datasetDirectory(file.dataset()), file);
        if (path == null) {
            throw new DatasetFormatException(file.describe() + ": " + pathOf(file) + " is missing. Fix: run `"
                    + fixCommand(file.dataset()) + "` (or `--from DIR` with a directory holding "
                    + file.idxName() + "[.gz])");
        }
        return readAndCheck(path, file, "Fix: delete it and run `" + fixCommand(file.dataset()) + "`");
    }

    /** Like {@link #readVerified} but returns what was found, without keeping the bytes. */
    public VerifiedFile verify(DatasetFile file) {
        readVerified(file);
        Path path = locate(datasetDirectory(file.dataset()), file);
        return new VerifiedFile(file, path, sizeOf(path), file.contentSha256(), VerifiedFile.Origin.ALREADY_PRESENT);
    }

    /** True if the file is present and its content hash is right; never throws for a bad file. */
    public boolean isValid(DatasetFile file) {
        try {
            readVerified(file);
            return true;
        } catch (DatasetFormatException e) {
            return false;
        }
    }

    /**
     * Finds {@code file} in {@code dir} under its shipped name, its IDX name, or its IDX name + ".gz" (first match),
     * or returns null.
     */
    static Path locate(Path dir, DatasetFile file) {
        for (String name : new String[] {file.shippedName(), file.idxName(), file.idxName() + ".gz"}) {
            Path p = dir.resolve(name);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }

    /** Reads (decompressing gzip) and compares the content hash; {@code fix} is appended to the error message. */
    static byte[] readAndCheck(Path path, DatasetFile file, String fix) {
        byte[] content;
        try {
            content = IdxFile.readDecompressed(path);
        } catch (IOException e) {
            throw new DatasetFormatException(file.describe() + ": cannot read " + path + " (" + e.getMessage()
                    + "). " + fix, e);
        }
        String actual = Sha256.hex(content);
        if (!actual.equals(file.contentSha256())) {
            throw new DatasetFormatException(file.describe() + ": " + path + " is corrupt or not the original file: SHA-256 "
                    + "of its IDX content is " + actual + ", expected " + file.contentSha256() + " (" + content.length
                    + " bytes, expected " + file.contentSize() + "). " + fix);
        }
        return content;
    }

    static long sizeOf(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return -1;
        }
    }
}
