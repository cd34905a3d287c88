package io.qdm.eval.data;

import io.qdm.datasets.DatasetCatalog;
import io.qdm.datasets.DatasetFile;
import io.qdm.datasets.DatasetId;
import io.qdm.datasets.DatasetLoader;
import io.qdm.datasets.DatasetSplit;
import io.qdm.datasets.ImageDataset;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * 28×28 grayscale images as float32 in [0, 1] (bytes / 255, as the authors' loaders), with labels.
 *
 * <p>Storage: {@code pixels[i * 784 + r * 28 + c]}, image-major then row-major; {@code labels[i]} in 0..9.
 *
 * @param name   e.g. {@code mnist-test}
 * @param sha256 content SHA-256 of each IDX file read, keyed by IDX file name (verified by the datasets library)
 */
public record LabelledImages(String name, float[] pixels, byte[] labels, int count, Map<String, String> sha256) {

    public static final int SIDE = 28;
    public static final int PIXELS = SIDE * SIDE;

    /** One split of a dataset from the verified cache ({@code ./qdm data fetch} fills it). */
    public static LabelledImages load(Path dataDir, DatasetId dataset, DatasetSplit split) {
        ImageDataset ds = DatasetLoader.standard(dataDir).load(dataset, split);
        if (ds.pixelsPerImage() != PIXELS) {
            throw new IllegalStateException(dataset.cliName() + ": images are " + ds.rows() + "x" + ds.cols()
                    + ", expected 28x28");
        }
        byte[] src = ds.pixels();
        float[] px = new float[src.length];
        for (int i = 0; i < src.length; i++) {
            px[i] = (src[i] & 0xFF) / 255f;
        }
        Map<String, String> sha = new TreeMap<>();
        for (DatasetFile f : DatasetCatalog.standard().files(dataset)) {
            if (split == DatasetSplit.MERGED || f.split() == split) {
                sha.put(f.idxName(), f.contentSha256());
            }
        }
        return new LabelledImages(dataset.cliName() + "-" + split.cliName(), px, ds.labels(), ds.count(), sha);
    }

    public int label(int i) {
        return labels[i];
    }

    /** Images {@code [from, from + n)} back to back (a view copy). */
    public float[] slice(int from, int n) {
        float[] out = new float[n * PIXELS];
        System.arraycopy(pixels, from * PIXELS, out, 0, n * PIXELS);
        return out;
    }

    /** Copies images {@code indices[from..from+n)} back to back into a new array. */
    public float[] gather(int[] indices, int from, int n) {
        float[] out = new float[n * PIXELS];
        for (int i = 0; i < n; i++) {
            System.arraycopy(pixels, indices[from + i] * PIXELS, out, i * PIXELS, PIXELS);
        }
        return out;
    }

    /** Labels as ints. */
    public int[] labelsAsInts() {
        int[] out = new int[count];
        for (int i = 0; i < count; i++) {
            out[i] = labels[i];
        }
        return out;
    }
}
