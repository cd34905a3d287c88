package io.qdm.eval.service;

import io.qdm.datasets.DatasetId;
import io.qdm.datasets.DatasetSplit;
import io.qdm.eval.data.LabelledImages;
import io.qdm.eval.extractor.ClassifierNetwork;
import io.qdm.eval.extractor.FeatureExtractor;
import io.qdm.eval.metrics.MomentAccumulator;
import io.qdm.eval.metrics.SampleSet;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reference sets ({@code mnist-test}, {@code mnist-train}, {@code fashion-mnist-test}, …) as the metrics read them,
 * per feature extractor: the images, features, class probabilities and float64 moments, computed once and kept in
 * memory. Feature moments of whole splits (what FID needs) are also cached on disk under {@code cacheDir}, keyed by
 * the extractor's weights SHA-256 and the split, so a restarted service does not re-extract 60,000 images.
 * Thread-safe.
 */
public final class ReferenceLibrary {

    /** A named split of a dataset. */
    public record ReferenceId(DatasetId dataset, DatasetSplit split) {
        public String name() {
            return dataset.cliName() + "-" + split.cliName();
        }

        /** @throws IllegalArgumentException "reference: unknown reference 'x' (expected …)" */
        public static ReferenceId parse(String name) {
            String n = name == null ? "" : name.trim().toLowerCase(java.util.Locale.ROOT);
            for (DatasetId d : DatasetId.values()) {
                for (DatasetSplit s : new DatasetSplit[] {DatasetSplit.TEST, DatasetSplit.TRAIN}) {
                    if (n.equals(d.cliName() + "-" + s.cliName())) {
                        return new ReferenceId(d, s);
                    }
                }
            }
            throw new IllegalArgumentException("reference: unknown reference '" + name + "' (expected mnist-test, "
                    + "mnist-train, fashion-mnist-test or fashion-mnist-train)");
        }
    }

    private final Path dataDir;
    private final Path cacheDir;
    private final Map<String, LabelledImages> images = new ConcurrentHashMap<>();
    private final Map<String, SampleSet> sets = new ConcurrentHashMap<>();
    private final Map<String, MomentAccumulator> moments = new ConcurrentHashMap<>();

    public ReferenceLibrary(Path dataDir, Path cacheDir) {
        this.dataDir = dataDir;
        this.cacheDir = cacheDir;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** The images of a split, loaded (SHA-256 verified) once. */
    public LabelledImages images(ReferenceId id) {
        return images.computeIfAbsent(id.name(), k -> LabelledImages.load(dataDir, id.dataset(), id.split()));
    }

    /** The reference set through {@code extractor}, computed once per extractor. */
    public SampleSet reference(FeatureExtractor extractor, ReferenceId id) {
        return sets.computeIfAbsent(key(extractor, id), k -> {
            LabelledImages img = images(id);
            return sampleSet(id.name(), extractor, img.pixels(), img.count(), img.labelsAsInts());
        });
    }

    /**
     * Feature moments of a whole split through {@code extractor}: from memory, else from the disk cache, else
     * extracted (in chunks, without keeping the features) and written to the cache.
     */
    public MomentAccumulator featureMoments(FeatureExtractor extractor, ReferenceId id) {
        SampleSet known = sets.get(key(extractor, id));
        if (known != null) {
            return known.featureMoments();
        }
        return moments.computeIfAbsent(key(extractor, id), k -> diskCached(cacheStem(extractor, id), () -> {
            LabelledImages img = images(id);
            MomentAccumulator m = new MomentAccumulator(extractor.featureDim());
            int chunk = 2048;
            for (int from = 0; from < img.count(); from += chunk) {
                int n = Math.min(chunk, img.count() - from);
                m.add(extractor.extract(img.slice(from, n), n).features(), n);
            }
            return m;
        }));
    }

    /**
     * Moments kept on disk as {@code <cacheDir>/<stem>.moments}: read when the file is there and readable, else
     * computed and written (an unreadable file is recomputed, an unwritable one only logged; a computation that throws
     * writes nothing). Without a cache directory, just computed.
     */
    public MomentAccumulator diskCached(String stem, java.util.function.Supplier<MomentAccumulator> compute) {
        Path file = cacheDir == null ? null : cacheDir.resolve(stem + ".moments");
        if (file != null && Files.isRegularFile(file)) {
            try {
                return read(file);
            } catch (IOException e) {
                System.getLogger(ReferenceLibrary.class.getName()).log(System.Logger.Level.WARNING,
                        "ignoring unreadable moments cache " + file + ": " + e.getMessage());
            }
        }
        MomentAccumulator m = compute.get();
        if (file != null) {
            try {
                write(m, file);
            } catch (IOException e) {
                System.getLogger(ReferenceLibrary.class.getName()).log(System.Logger.Level.WARNING,
                        "cannot write moments cache " + file + ": " + e.getMessage());
            }
        }
        return m;
    }

    /** Extracts features and probabilities of images and accumulates their feature and pixel moments. */
    public static SampleSet sampleSet(String name, FeatureExtractor extractor, float[] pixels, int n, int[] labels) {
        FeatureExtractor.Output out = extractor.extract(pixels, n);
        MomentAccumulator f = new MomentAccumulator(extractor.featureDim());
        f.add(out.features(), n);
        MomentAccumulator p = new MomentAccumulator(LabelledImages.PIXELS);
        p.add(pixels, n);
        return new SampleSet(name, n, pixels, out.features(), out.probabilities(), labels, f, p);
    }

    private static String key(FeatureExtractor extractor, ReferenceId id) {
        return extractor.manifest().weights().sha256() + "/" + id.name();
    }

    /** File stem of a split's cached feature moments: extractor id, its weights' hash prefix and the split. */
    static String cacheStem(FeatureExtractor extractor, ReferenceId id) {
        return extractor.manifest().id() + "-" + extractor.manifest().weights().sha256().substring(0, 16) + "-"
                + id.name();
    }

    /** Format: int dim, long count, dim doubles mean, dim² doubles co-moment (big-endian, DataOutput). */
    static void write(MomentAccumulator m, Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp)))) {
            out.writeInt(m.dim());
            out.writeLong(m.count());
            for (double v : m.mean()) {
                out.writeDouble(v);
            }
            for (double v : m.comoment()) {
                out.writeDouble(v);
            }
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static MomentAccumulator read(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            int dim = in.readInt();
            if (dim != ClassifierNetwork.FEATURE_DIM) {
                throw new IOException("dimension " + dim);
            }
            long count = in.readLong();
            double[] mean = new double[dim];
            for (int i = 0; i < dim; i++) {
                mean[i] = in.readDouble();
            }
            double[] co = new double[dim * dim];
            for (int i = 0; i < co.length; i++) {
                co[i] = in.readDouble();
            }
            return MomentAccumulator.of(count, mean, co);
        }
    }
}
