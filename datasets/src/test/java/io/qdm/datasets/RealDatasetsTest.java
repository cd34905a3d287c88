package io.qdm.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real files, fetched into the default cache ({@code $QDM_DATA_DIR} or {@code <repo>/.qdm/data}) with the real
 * registry clients (seconds when they are already there: the fetch is idempotent). If the registries cannot be
 * reached the tests are skipped, unless {@code -Dqdm.requireRealData=true}, which turns that into a failure.
 */
class RealDatasetsTest {
    private static DatasetLoader loader;

    @BeforeAll
    static void fetch() {
        Path cache = DataDirectory.resolveDefault();
        DatasetFetcher fetcher = DatasetFetcher.standard(cache, System.out::println);
        try {
            for (DatasetId id : DatasetId.values()) {
                List<VerifiedFile> files = fetcher.fetch(id);
                assertEquals(4, files.size());
            }
        } catch (DatasetFormatException e) {
            if (Boolean.getBoolean("qdm.requireRealData")) {
                throw e;
            }
            Assumptions.abort("real datasets unavailable: " + e.getMessage());
        }
        loader = DatasetLoader.standard(cache);
    }

    @Test
    void mnistCountsAndFirstLabels() {
        ImageDataset train = loader.load(DatasetId.MNIST, DatasetSplit.TRAIN);
        ImageDataset test = loader.load(DatasetId.MNIST, DatasetSplit.TEST);
        assertEquals(60_000, train.count());
        assertEquals(10_000, test.count());
        assertEquals(28, train.rows());
        assertEquals(28, train.cols());
        assertArrayEquals(new byte[] {5, 0, 4, 1, 9, 2, 1, 3, 1, 4}, Arrays.copyOf(train.labels(), 10));
        assertArrayEquals(new byte[] {7, 2, 1, 0, 4, 1, 4, 9, 5, 9}, Arrays.copyOf(test.labels(), 10));
        // Image 0 of MNIST train (a 5): its brightest row-7 pixels and the empty border.
        assertEquals(0, train.pixel(0, 0, 0));
        assertEquals(253, train.pixel(0, 7, 10));
    }

    @Test
    void mnistMergedIsTrainThenTest() {
        ImageDataset merged = loader.load(DatasetId.MNIST, DatasetSplit.MERGED);
        assertEquals(70_000, merged.count());
        assertEquals(5, merged.label(0));
        assertEquals(7, merged.label(60_000));
    }

    @Test
    void fashionMnistCountsAndFirstLabels() {
        ImageDataset train = loader.load(DatasetId.FASHION_MNIST, DatasetSplit.TRAIN);
        ImageDataset test = loader.load(DatasetId.FASHION_MNIST, DatasetSplit.TEST);
        assertEquals(60_000, train.count());
        assertEquals(10_000, test.count());
        // First labels of Fashion-MNIST: ankle boot, t-shirt, t-shirt, dress, t-shirt / ankle boot, pullover, trouser.
        assertArrayEquals(new byte[] {9, 0, 0, 3, 0}, Arrays.copyOf(train.labels(), 5));
        assertArrayEquals(new byte[] {9, 2, 1, 1, 6}, Arrays.copyOf(test.labels(), 5));
    }

    @Test
    void everyCatalogueFileVerifies() {
        DatasetStore store = new DatasetStore(DataDirectory.resolveDefault(), DatasetCatalog.standard());
        for (DatasetId id : DatasetId.values()) {
            for (DatasetFile f : store.catalog().files(id)) {
                assertEquals(f.contentSha256(), Sha256.hex(store.readVerified(f)), f.describe());
                assertEquals(f.contentSize(), store.readVerified(f).length, f.describe());
            }
        }
    }
}
