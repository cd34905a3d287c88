package io.qdm.latent.training;

import io.qdm.datasets.DatasetCatalog;
import io.qdm.datasets.DatasetFile;
import io.qdm.datasets.DatasetId;
import io.qdm.datasets.DatasetLoader;
import io.qdm.datasets.DatasetSplit;
import io.qdm.datasets.ImageDataset;
import io.qdm.latent.model.AutoencoderConfig;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * MNIST images as float32 in [0, 1] (bytes / 255, as the authors' loaders), ready to feed the network.
 *
 * <p>Storage: {@code pixels[i * 784 + r * 28 + c]}, image-major then row-major; {@code labels[i]} in 0..9.
 *
 * @param sha256 content SHA-256 of each IDX file read, keyed by IDX file name (verified by the datasets library)
 */
public record MnistImages(float[] pixels, byte[] labels, int count, Map<String, String> sha256) {

    /**
     * The 70,000 merged images (train then test, paper notes §1.1) from a verified cache directory
     * ({@code <repo>/.qdm/data}, filled by {@code ./qdm data fetch}).
     */
    public static MnistImages loadMerged(Path dataDir) {
        return load(dataDir, DatasetSplit.MERGED);
    }

    public static MnistImages load(Path dataDir, DatasetSplit split) {
        ImageDataset ds = DatasetLoader.standard(dataDir).load(DatasetId.MNIST, split);
        if (ds.pixelsPerImage() != AutoencoderConfig.PIXELS) {
            throw new IllegalStateException("mnist: images are " + ds.rows() + "x" + ds.cols() + ", expected 28x28");
        }
        byte[] src = ds.pixels();
        float[] px = new float[src.length];
        for (int i = 0; i < src.length; i++) {
            px[i] = (src[i] & 0xFF) / 255f;
        }
        Map<String, String> sha = new TreeMap<>();
        for (DatasetFile f : DatasetCatalog.standard().files(DatasetId.MNIST)) {
            if (split == DatasetSplit.MERGED || f.split() == split) {
                sha.put(f.idxName(), f.contentSha256());
            }
        }
        return new MnistImages(px, ds.labels(), ds.count(), sha);
    }

    public int label(int i) {
        return labels[i];
    }

    /** Copies images {@code indices[from..from+n)} back to back into a new array. */
    public float[] gather(int[] indices, int from, int n) {
        float[] out = new float[n * AutoencoderConfig.PIXELS];
        for (int i = 0; i < n; i++) {
            System.arraycopy(pixels, indices[from + i] * AutoencoderConfig.PIXELS, out, i * AutoencoderConfig.PIXELS,
                    AutoencoderConfig.PIXELS);
        }
        return out;
    }

    /** Image {@code i} as doubles, the form {@code AutoencoderModel.encode} takes. */
    public double[] image(int i) {
        double[] out = new double[AutoencoderConfig.PIXELS];
        for (int k = 0; k < out.length; k++) {
            out[k] = pixels[i * AutoencoderConfig.PIXELS + k];
        }
        return out;
    }
}
