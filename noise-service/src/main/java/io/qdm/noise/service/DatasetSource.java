package io.qdm.noise.service;

import io.qdm.datasets.DataDirectory;
import io.qdm.datasets.DatasetFile;
import io.qdm.datasets.DatasetFormatException;
import io.qdm.datasets.DatasetId;
import io.qdm.datasets.DatasetLoader;
import io.qdm.datasets.DatasetPart;
import io.qdm.datasets.DatasetSplit;
import io.qdm.datasets.DatasetStore;
import io.qdm.datasets.DatasetCatalog;
import io.qdm.datasets.ImageDataset;
import io.qdm.datasets.VerifiedFile;
import io.qdm.noise.DatasetDescription;
import io.qdm.noise.config.NoiseConfig;
import io.qdm.noise.preprocess.DatasetRequest;
import io.qdm.noise.preprocess.DatasetSubset;
import io.qdm.noise.preprocess.EncodedDataset;
import io.qdm.noise.preprocess.ImageEncoding;
import io.qdm.noise.preprocess.LatentDatasetFile;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The clean states x0 a request asks for: image datasets from the verified cache directory (never downloaded here)
 * with the authors' preprocessing, or the configured latent dataset file; then the label filter and the random subset.
 *
 * <p>Preprocessed datasets are kept in a small LRU cache keyed by the request, so the many requests of one training
 * run preprocess once. Thread-safe.
 */
@ApplicationScoped
public class DatasetSource {

    private final Path dataDir;
    private final NoiseConfig.Latent latent;
    private final long maxAmplitudes;
    private final Map<DatasetRequest, EncodedDataset> cache;
    private final Map<String, DatasetDescription> verified = new java.util.concurrent.ConcurrentHashMap<>();

    @Inject
    public DatasetSource(NoiseConfig config) {
        this(config.dataDir().filter(s -> !s.isBlank()).map(Path::of).orElseGet(DataDirectory::resolveDefault),
                config.latent(), config.limits().maxDatasetAmplitudes(), config.limits().cachedDatasets());
    }

    public DatasetSource(Path dataDir, NoiseConfig.Latent latent, long maxAmplitudes, int cachedDatasets) {
        this.dataDir = dataDir.toAbsolutePath().normalize();
        this.latent = latent;
        this.maxAmplitudes = maxAmplitudes;
        this.cache = java.util.Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<DatasetRequest, EncodedDataset> eldest) {
                return size() > cachedDatasets;
            }
        });
    }

    public Path dataDir() {
        return dataDir;
    }

    /**
     * @throws IllegalArgumentException      naming the dataset field at fault (limit, labels, size)
     * @throws DatasetUnavailableException   naming the missing/corrupt file and the fix
     */
    public EncodedDataset load(DatasetRequest request) {
        EncodedDataset cached = cache.get(request);
        if (cached != null) {
            return cached;
        }
        EncodedDataset data = request.name().equals("latent") ? loadLatent(request) : loadImages(request);
        cache.put(request, data);
        return data;
    }

    private EncodedDataset loadImages(DatasetRequest request) {
        DatasetId id = DatasetId.fromName(request.name());
        ImageDataset raw;
        try {
            raw = DatasetLoader.standard(dataDir).load(id, DatasetSplit.fromName(request.split()));
        } catch (DatasetFormatException e) {
            throw new DatasetUnavailableException(e.getMessage(), e);
        }
        return encodeImages(raw, request, maxAmplitudes);
    }

    /**
     * The authors' pixel-space preprocessing of {@code raw} for {@code request}: keep the requested labels, draw the
     * subset ({@link DatasetSubset} over the kept images, in their original order), then encode only the chosen
     * images ({@link ImageEncoding}). Equal row for row to encoding every kept image and then drawing the subset, as
     * the encoding is per image; it only avoids encoding images that are thrown away.
     *
     * @throws IllegalArgumentException naming "dataset.limit" when the result would exceed {@code maxAmplitudes}
     */
    public static EncodedDataset encodeImages(ImageDataset raw, DatasetRequest request, long maxAmplitudes) {
        int[] kept = keptIndices(raw.labels(), raw.count(), request.labels(), request.name());
        int[] chosen = subsetIndices(kept, request, raw.dataset().cliName() + "/" + raw.split().cliName());
        int side = request.resolution();
        long amplitudes = (long) chosen.length * side * side;
        if (amplitudes > maxAmplitudes) {
            throw new IllegalArgumentException("dataset.limit: " + chosen.length + " images of " + side + "x" + side
                    + " are " + amplitudes + " amplitudes, above this service's limit of " + maxAmplitudes
                    + " (qdm.noise.limits.max-dataset-amplitudes); set dataset.limit or a smaller resolution");
        }
        int n = raw.pixelsPerImage();
        byte[] pixels = new byte[chosen.length * n];
        byte[] labels = new byte[chosen.length];
        for (int j = 0; j < chosen.length; j++) {
            System.arraycopy(raw.pixels(), chosen[j] * n, pixels, j * n, n);
            labels[j] = raw.labels()[chosen[j]];
        }
        String name = raw.dataset().cliName() + "/" + raw.split().cliName()
                + (request.limit() > 0 ? "/subset" + request.limit() : "");
        return ImageEncoding.encode(name, pixels, labels, chosen.length, raw.rows(), raw.cols(), side, Set.of());
    }

    /** The label filter and subset of {@code request} applied to an already encoded dataset (latents). */
    public static EncodedDataset filterAndSubset(EncodedDataset data, DatasetRequest request) {
        byte[] labels = new byte[data.count()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = (byte) data.label(i);
        }
        int[] kept = keptIndices(labels, data.count(), request.labels(), data.name());
        int[] chosen = subsetIndices(kept, request, data.name());
        if (chosen.length == data.count() && request.labels().isEmpty() && request.limit() == 0) {
            return data;
        }
        return data.select(chosen, data.name() + (request.limit() > 0 ? "/subset" + request.limit() : ""));
    }

    private static int[] keptIndices(byte[] labels, int count, Set<Integer> keep, String name) {
        int[] kept = new int[count];
        int k = 0;
        for (int i = 0; i < count; i++) {
            if (keep.isEmpty() || keep.contains((int) labels[i])) {
                kept[k++] = i;
            }
        }
        if (k == 0) {
            throw new IllegalArgumentException("dataset.labels: no sample of " + name + " has a label in " + keep);
        }
        return java.util.Arrays.copyOf(kept, k);
    }

    /** Indices (into the source) of the subset: {@link DatasetSubset}'s draw over the kept samples. */
    private static int[] subsetIndices(int[] kept, DatasetRequest request, String name) {
        if (request.limit() == 0) {
            return kept;
        }
        // DatasetSubset permutes row positions; a 1-dim proxy whose value is the position reads the draw back.
        double[] positions = new double[kept.length];
        for (int i = 0; i < kept.length; i++) {
            positions[i] = i;
        }
        EncodedDataset proxy = new EncodedDataset(name, 1, positions, new int[kept.length]);
        EncodedDataset picked = DatasetSubset.select(proxy, request.limit(), request.subsetSeed());
        int[] chosen = new int[picked.count()];
        for (int j = 0; j < chosen.length; j++) {
            chosen[j] = kept[(int) picked.amplitudes()[j]];
        }
        return chosen;
    }

    private EncodedDataset loadLatent(DatasetRequest request) {
        return filterAndSubset(readLatentFile(), request);
    }

    private EncodedDataset readLatentFile() {
        Path vectors = latentVectors().orElseThrow(() -> new DatasetUnavailableException("dataset.name: no latent "
                + "dataset is configured on this replica. Fix: set qdm.noise.latent.vectors-path (env "
                + "QDM_NOISE_LATENT_VECTORS_PATH) and qdm.noise.latent.sha256 to the latents written by latent-service"));
        Path labels = latent.labelsPath().filter(s -> !s.isBlank()).map(Path::of).orElse(null);
        try {
            return LatentDatasetFile.read(vectors, labels, latent.dimension(),
                    latent.sha256().filter(s -> !s.isBlank()).orElse(null));
        } catch (NoSuchFileException e) {
            throw new DatasetUnavailableException("latent dataset: " + e.getFile() + " is missing. Fix: write the "
                    + "latents with latent-service there, or point qdm.noise.latent.vectors-path/labels-path at them", e);
        } catch (IOException e) {
            throw new DatasetUnavailableException("latent dataset: cannot read " + vectors + " (" + e.getMessage()
                    + "). Fix: check the file and qdm.noise.latent.vectors-path", e);
        } catch (IllegalArgumentException e) {
            throw new DatasetUnavailableException("latent dataset: " + e.getMessage(), e);
        }
    }

    private Optional<Path> latentVectors() {
        return latent.vectorsPath().filter(s -> !s.isBlank()).map(Path::of);
    }

    /** Every dataset split present and verified on this replica, in a stable order (mnist, fashion-mnist, latent). */
    public List<DatasetDescription> list() {
        List<DatasetDescription> out = new ArrayList<>();
        DatasetStore store = new DatasetStore(dataDir, DatasetCatalog.standard());
        for (DatasetId id : DatasetId.values()) {
            DatasetDescription train = describe(store, id, DatasetSplit.TRAIN);
            DatasetDescription test = describe(store, id, DatasetSplit.TEST);
            if (train != null) {
                out.add(train);
            }
            if (test != null) {
                out.add(test);
            }
            if (train != null && test != null) {
                Map<String, String> sha = new TreeMap<>(train.sha256());
                sha.putAll(test.sha256());
                out.add(new DatasetDescription(id.cliName(), DatasetSplit.MERGED.cliName(), train.count() + test.count(),
                        train.sampleShape(), sha, train.source()));
            }
        }
        latentDescription().ifPresent(out::add);
        return out;
    }

    /** One split if both its files verify, else null. Verification results are remembered per file size and mtime. */
    private DatasetDescription describe(DatasetStore store, DatasetId id, DatasetSplit split) {
        DatasetFile images = store.catalog().file(id, split, DatasetPart.IMAGES);
        DatasetFile labels = store.catalog().file(id, split, DatasetPart.LABELS);
        String stamp = stamp(store.datasetDirectory(id));
        String key = id.cliName() + "/" + split.cliName() + "@" + stamp;
        DatasetDescription known = verified.get(key);
        if (known != null) {
            return known;
        }
        VerifiedFile vi;
        VerifiedFile vl;
        try {
            vi = store.verify(images);
            vl = store.verify(labels);
        } catch (DatasetFormatException e) {
            return null;
        }
        Map<String, String> sha = new TreeMap<>();
        sha.put(vi.path().getFileName().toString(), vi.sha256());
        sha.put(vl.path().getFileName().toString(), vl.sha256());
        // Image side: the catalogue's IDX files are 28x28 (content size = 16-byte header + count * rows * cols).
        long side = Math.round(Math.sqrt((images.contentSize() - 16) / (double) images.count()));
        DatasetDescription d = new DatasetDescription(id.cliName(), split.cliName(), images.count(),
                List.of(side, side), sha, store.datasetDirectory(id).toString());
        verified.put(key, d);
        return d;
    }

    private Optional<DatasetDescription> latentDescription() {
        if (latentVectors().isEmpty() || !Files.isRegularFile(latentVectors().get())) {
            return Optional.empty();
        }
        try {
            EncodedDataset data = readLatentFile();
            Path vectors = latentVectors().get();
            Map<String, String> sha = new TreeMap<>();
            sha.put(vectors.getFileName().toString(), sha256(vectors));
            return Optional.of(new DatasetDescription("latent", "", data.count(), List.of((long) data.dimension()), sha,
                    vectors.toAbsolutePath().toString()));
        } catch (DatasetUnavailableException e) {
            return Optional.empty();
        }
    }

    private static String stamp(Path dir) {
        try (var files = Files.list(dir)) {
            return files.sorted().map(p -> {
                try {
                    return p.getFileName() + ":" + Files.size(p) + ":" + Files.getLastModifiedTime(p).toMillis();
                } catch (IOException e) {
                    return p.getFileName().toString();
                }
            }).reduce("", (a, b) -> a + ";" + b);
        } catch (IOException e) {
            return "absent";
        }
    }

    private static String sha256(Path file) {
        try {
            return java.util.HexFormat.of().formatHex(
                    java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (IOException | java.security.NoSuchAlgorithmException e) {
            throw new DatasetUnavailableException("latent dataset: cannot hash " + file + " (" + e.getMessage() + ")", e);
        }
    }
}
