package io.qdm.eval.service;

import io.qdm.datasets.DatasetId;
import io.qdm.datasets.DatasetSplit;
import io.qdm.datasets.Sha256;
import io.qdm.eval.data.LabelledImages;
import io.qdm.eval.extractor.FeatureExtractor;
import io.qdm.eval.metrics.FrechetDistance;
import io.qdm.eval.metrics.MomentAccumulator;
import io.qdm.eval.metrics.SampleMetrics;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The two reference points every report carries (issue #6 §4), cached per extractor (and autoencoder):
 * <ul>
 *   <li>{@code fid_real_vs_real}: FID between the reference dataset's train and test splits: the FID real data
 *   scores against itself at these sample sizes;</li>
 *   <li>{@code fid_ae_reconstruction}: FID of the autoencoder's reconstructions of the test split against the
 *   reference: the best any latent model decoded by that autoencoder can reach.</li>
 * </ul>
 * A baseline that cannot be computed is an {@link Outcome} with the reason instead of a value.
 */
public final class Baselines {

    /** Reconstructs images through an autoencoder (latent-service Encode then Decode). */
    public interface Reconstructor {
        /** Identifies the autoencoder version ("name:version sha256=…"), the cache key. */
        String autoencoder();

        /** {@code n} reconstructions of {@code n} images, row-major [n × 784] in [0, 1]. */
        float[] reconstruct(float[] images, int n);

        /** Where it is reached, for messages ("localhost:8183"). */
        String endpoint();
    }

    /** A baseline value, or why there is none. */
    public record Outcome(Double value, String reason, Map<String, Object> details) {
        static Outcome of(double v, Map<String, Object> details) {
            return new Outcome(v, null, details);
        }

        static Outcome missing(String reason) {
            return new Outcome(null, reason, Map.of());
        }
    }

    private final ReferenceLibrary refs;
    private final double epsilon;
    private final Map<String, Outcome> cache = new ConcurrentHashMap<>();

    public Baselines(ReferenceLibrary refs, double epsilon) {
        this.refs = refs;
        this.epsilon = epsilon;
    }

    public Outcome realVsReal(FeatureExtractor extractor, ReferenceLibrary.ReferenceId reference) {
        String key = "rvr/" + extractor.manifest().weights().sha256() + "/" + reference.dataset().cliName();
        return cache.computeIfAbsent(key, k -> {
            ReferenceLibrary.ReferenceId train = new ReferenceLibrary.ReferenceId(reference.dataset(),
                    DatasetSplit.TRAIN);
            ReferenceLibrary.ReferenceId test = new ReferenceLibrary.ReferenceId(reference.dataset(),
                    DatasetSplit.TEST);
            MomentAccumulator a = refs.featureMoments(extractor, train);
            MomentAccumulator b = refs.featureMoments(extractor, test);
            FrechetDistance.Result r = SampleMetrics.fid(a, b, epsilon);
            return Outcome.of(r.fid(), Map.of("a", train.name(), "b", test.name(), "a_samples", a.count(),
                    "b_samples", b.count()));
        });
    }

    /** Not cached when it fails (latent-service may come up later). */
    public Outcome aeReconstruction(FeatureExtractor extractor, ReferenceLibrary.ReferenceId reference,
            Reconstructor reconstructor) {
        if (reconstructor == null) {
            return Outcome.missing("no latent-service client configured");
        }
        if (reference.dataset() != DatasetId.MNIST) {
            return Outcome.missing("the autoencoder is trained on MNIST; no reconstruction baseline for "
                    + reference.name());
        }
        String autoencoder;
        try {
            autoencoder = reconstructor.autoencoder();
        } catch (RuntimeException e) {
            return Outcome.missing("latent-service at " + reconstructor.endpoint() + " is unreachable: "
                    + e.getMessage());
        }
        String key = "ae/" + extractor.manifest().weights().sha256() + "/" + reference.name() + "/" + autoencoder;
        Outcome known = cache.get(key);
        if (known != null) {
            return known;
        }
        ReferenceLibrary.ReferenceId test = new ReferenceLibrary.ReferenceId(DatasetId.MNIST, DatasetSplit.TEST);
        // On disk too, keyed by extractor and autoencoder: reconstructing 10k images through latent-service costs
        // both services seconds of CPU, and a restarted eval-service would otherwise redo it on its first evaluation.
        String stem = "ae-" + ReferenceLibrary.cacheStem(extractor, test) + "-"
                + Sha256.hex(autoencoder.getBytes(StandardCharsets.UTF_8)).substring(0, 16);
        MomentAccumulator rm;
        try {
            rm = refs.diskCached(stem, () -> {
                LabelledImages originals = refs.images(test);
                float[] recon = reconstructor.reconstruct(originals.pixels(), originals.count());
                MomentAccumulator features = new MomentAccumulator(extractor.featureDim());
                features.add(extractor.extract(recon, originals.count()).features(), originals.count());
                return features; // what sampleSet(…).featureMoments() gave, without its unused 784² pixel moments
            });
        } catch (RuntimeException e) {
            return Outcome.missing("latent-service at " + reconstructor.endpoint() + " failed to reconstruct "
                    + test.name() + ": " + e.getMessage());
        }
        FrechetDistance.Result r = SampleMetrics.fid(rm, refs.featureMoments(extractor, reference), epsilon);
        Outcome o = Outcome.of(r.fid(), Map.of("autoencoder", autoencoder, "reconstructed", test.name(),
                "samples", rm.count()));
        cache.put(key, o);
        return o;
    }

}
