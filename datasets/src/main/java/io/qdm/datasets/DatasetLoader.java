package io.qdm.datasets;

import java.nio.file.Path;

/**
 * Reads verified image datasets from a {@link DatasetStore}. Never downloads: if the cache is incomplete the error
 * says which file and which command fixes it ({@code ./qdm data fetch}).
 */
public final class DatasetLoader {
    private final DatasetStore store;

    public DatasetLoader(DatasetStore store) {
        this.store = store;
    }

    /** A loader over the standard catalogue in {@code cacheDir}. */
    public static DatasetLoader standard(Path cacheDir) {
        return new DatasetLoader(new DatasetStore(cacheDir, DatasetCatalog.standard()));
    }

    /**
     * Loads one split; {@link DatasetSplit#MERGED} is train followed by test.
     *
     * @throws DatasetFormatException if a file is missing, corrupt or has the wrong shape
     */
    public ImageDataset load(DatasetId dataset, DatasetSplit split) {
        if (split == DatasetSplit.MERGED) {
            return load(dataset, DatasetSplit.TRAIN).concat(load(dataset, DatasetSplit.TEST), DatasetSplit.MERGED);
        }
        DatasetFile imagesFile = store.catalog().file(dataset, split, DatasetPart.IMAGES);
        DatasetFile labelsFile = store.catalog().file(dataset, split, DatasetPart.LABELS);
        IdxFile images = IdxFile.parse(store.pathOf(imagesFile), store.readVerified(imagesFile))
                .require(IdxDataType.UNSIGNED_BYTE, imagesFile.count(), -1, -1);
        IdxFile labels = IdxFile.parse(store.pathOf(labelsFile), store.readVerified(labelsFile))
                .require(IdxDataType.UNSIGNED_BYTE, labelsFile.count());
        byte[] l = labels.data();
        for (int i = 0; i < l.length; i++) {
            if ((l[i] & 0xFF) > 9) {
                throw new DatasetFormatException(labels.source() + ": label " + i + " is " + (l[i] & 0xFF)
                        + " (expected 0..9)");
            }
        }
        return new ImageDataset(dataset, split, images.dim(0), images.dim(1), images.dim(2), images.data(), l);
    }
}
