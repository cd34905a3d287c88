package io.qdm.latent.service;

import io.qdm.datasets.DataDirectory;
import io.qdm.datasets.DatasetSplit;
import io.qdm.latent.config.LatentServiceConfig;
import io.qdm.latent.model.AutoencoderModel;
import io.qdm.latent.training.MnistImages;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Encodes a whole MNIST split once, chunk by chunk, for the noise-service's latent dataset. Images are encoded in
 * blocks of {@link AutoencoderModel#CHUNK} aligned at absolute row 0, whatever the chunk size asked for, so the
 * latents (and their SHA-256) do not depend on the chunking and equal those of
 * {@link io.qdm.latent.export.LatentDataset#export} for the merged split.
 */
@ApplicationScoped
public class LatentDatasetExport {

    /** Rows per chunk when the request leaves chunk_size at 0. */
    public static final int DEFAULT_CHUNK = 1024;
    public static final int MAX_CHUNK = 16384;

    @Inject
    AutoencoderModel model;

    @Inject
    LatentServiceConfig config;

    /** One streamed chunk: rows {@code offset .. offset + latents.length - 1}; sha256 only on the last one. */
    public record Chunk(long offset, long total, double[][] latents, int[] labels, String sha256) {
    }

    /**
     * Validates the request and loads the split; the returned iterator encodes lazily, one chunk per
     * {@code next()} (so a cancelled stream stops encoding).
     *
     * @throws IllegalArgumentException naming {@code dataset}, {@code split} or {@code chunk_size}
     * @throws DatasetUnavailableException if the verified MNIST files are not available
     */
    public Iterator<Chunk> open(String dataset, String split, int chunkSize) {
        if (!dataset.isEmpty() && !"mnist".equals(dataset)) {
            throw new IllegalArgumentException("dataset: unknown dataset '" + dataset + "' (this autoencoder encodes "
                    + "mnist)");
        }
        DatasetSplit which = DatasetSplit.fromName(split.isEmpty() ? "merged" : split);
        if (chunkSize < 0 || chunkSize > MAX_CHUNK) {
            throw new IllegalArgumentException("chunk_size: " + chunkSize + " is outside 0.." + MAX_CHUNK
                    + " (0 = " + DEFAULT_CHUNK + ")");
        }
        Path dataDir = config.dataDir().map(Path::of).orElseGet(DataDirectory::resolveDefault);
        MnistImages images;
        try {
            images = MnistImages.load(dataDir, which);
        } catch (RuntimeException e) {
            throw new DatasetUnavailableException("mnist " + which.cliName() + " is not available in " + dataDir
                    + " (run `./qdm data fetch`): " + e.getMessage(), e);
        }
        return new ChunkIterator(images, chunkSize == 0 ? DEFAULT_CHUNK : chunkSize);
    }

    private final class ChunkIterator implements Iterator<Chunk> {
        private final MnistImages images;
        private final int chunk;
        private final MessageDigest sha = sha256();
        private final ArrayDeque<double[]> encoded = new ArrayDeque<>();
        private int nextEncode;
        private int nextEmit;

        ChunkIterator(MnistImages images, int chunk) {
            this.images = images;
            this.chunk = chunk;
        }

        @Override
        public boolean hasNext() {
            return nextEmit < images.count();
        }

        @Override
        public Chunk next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            int n = Math.min(chunk, images.count() - nextEmit);
            while (encoded.size() < n) {
                int b = Math.min(AutoencoderModel.CHUNK, images.count() - nextEncode);
                double[][] x = new double[b][];
                for (int i = 0; i < b; i++) {
                    x[i] = images.image(nextEncode + i);
                }
                for (double[] z : model.encode(x)) {
                    encoded.add(z);
                }
                nextEncode += b;
            }
            double[][] latents = new double[n][];
            int[] labels = new int[n];
            ByteBuffer bytes = ByteBuffer.allocate(n * model.latentDim() * Double.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < n; i++) {
                latents[i] = encoded.poll();
                labels[i] = images.label(nextEmit + i);
                for (double v : latents[i]) {
                    bytes.putDouble(v);
                }
            }
            sha.update(bytes.array());
            long offset = nextEmit;
            nextEmit += n;
            String digest = hasNext() ? "" : HexFormat.of().formatHex(sha.digest());
            return new Chunk(offset, images.count(), latents, labels, digest);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide SHA-256", e);
        }
    }
}
