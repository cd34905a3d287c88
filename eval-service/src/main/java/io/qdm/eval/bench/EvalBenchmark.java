package io.qdm.eval.bench;

import com.google.gson.GsonBuilder;
import io.qdm.datasets.DataDirectory;
import io.qdm.datasets.DatasetId;
import io.qdm.datasets.DatasetSplit;
import io.qdm.eval.data.LabelledImages;
import io.qdm.eval.extractor.ClassifierNetwork;
import io.qdm.eval.extractor.FeatureExtractor;
import io.qdm.eval.metrics.FrechetDistance;
import io.qdm.eval.metrics.MetricOptions;
import io.qdm.eval.metrics.MomentAccumulator;
import io.qdm.eval.metrics.SampleMetrics;
import io.qdm.eval.metrics.SampleSet;
import io.qdm.eval.service.ReferenceLibrary;
import io.qdm.eval.training.Cli;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What {@code ./qdm bench eval} spawns: feature extraction throughput and the wall time of FID (and of each other
 * metric) over N samples (default 10,000: MNIST train images standing in for generated ones) against the 10,000-image
 * MNIST test reference, with the shipped extractor. Prints a table; {@code --json FILE} also writes JSON. The load
 * average is recorded: numbers on shared cores are lower bounds.
 */
public final class EvalBenchmark {

    private EvalBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int samples = 10_000;
        Path json = null;
        Path dataDir = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--samples" -> samples = Cli.parseInt("--samples", args[++i]);
                case "--json" -> json = Path.of(args[++i]);
                case "--data-dir" -> dataDir = Path.of(args[++i]);
                case "--quick" -> samples = 2_000;
                default -> {
                    System.err.println("usage: EvalBenchmark [--samples N | --quick] [--json FILE] [--data-dir DIR]");
                    System.exit(2);
                }
            }
        }
        Path data = dataDir != null ? dataDir : DataDirectory.resolveDefault();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("samples", samples);
        r.put("load_average_start", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        r.put("cores", Runtime.getRuntime().availableProcessors());
        r.put("threads", System.getProperty("ai.djl.pytorch.num_threads", "default"));
        LabelledImages train = LabelledImages.load(data, DatasetId.MNIST, DatasetSplit.TRAIN);
        LabelledImages test = LabelledImages.load(data, DatasetId.MNIST, DatasetSplit.TEST);
        try (FeatureExtractor ex = FeatureExtractor.loadResource("extractors/lenet-mnist")) {
            r.put("extractor", ex.manifest().id() + " sha256=" + ex.manifest().weights().sha256());
            ex.extract(test.slice(0, 256), 256); // warm-up: first native calls

            long t0 = System.nanoTime();
            SampleSet ref = ReferenceLibrary.sampleSet("mnist-test", ex, test.pixels(), test.count(),
                    test.labelsAsInts());
            r.put("reference_features_seconds", secs(t0));

            float[] gen = train.slice(0, samples);
            int[] labels = java.util.Arrays.copyOf(train.labelsAsInts(), samples);
            long tFid = System.nanoTime();
            FeatureExtractor.Output out = ex.extract(gen, samples);
            double extractS = secs(tFid);
            long tm = System.nanoTime();
            MomentAccumulator m = new MomentAccumulator(ClassifierNetwork.FEATURE_DIM);
            for (int from = 0; from < samples; from += 256) {
                int n = Math.min(256, samples - from);
                float[] part = new float[n * ClassifierNetwork.FEATURE_DIM];
                System.arraycopy(out.features(), from * ClassifierNetwork.FEATURE_DIM, part, 0, part.length);
                m.add(part, n);
            }
            double momentsS = secs(tm);
            long tf = System.nanoTime();
            FrechetDistance.Result fid = SampleMetrics.fid(m, ref.featureMoments(), 0);
            double frechetS = secs(tf);
            r.put("features_per_second", samples / extractS);
            r.put("extract_seconds", extractS);
            r.put("moments_seconds", momentsS);
            r.put("frechet_seconds", frechetS);
            r.put("fid_wall_seconds", secs(tFid));
            r.put("fid", fid.fid());

            MomentAccumulator px = new MomentAccumulator(LabelledImages.PIXELS);
            long tp = System.nanoTime();
            px.add(gen, samples);
            r.put("pixel_moments_seconds", secs(tp));
            SampleSet g = new SampleSet("mnist-train[0," + samples + ")", samples, gen, out.features(),
                    out.probabilities(), labels, m, px);
            Map<String, Object> perMetric = new LinkedHashMap<>();
            Map<String, Object> values = new LinkedHashMap<>();
            for (String metric : new String[] {"kid", "precision_recall", "conditioning_accuracy", "roc_auc", "jsd"}) {
                long t = System.nanoTime();
                SampleMetrics.Result res = SampleMetrics.compute(g, ref, MetricOptions.defaults().withMetrics(
                        Set.of(metric)), ClassifierNetwork.CLASSES);
                perMetric.put(metric, secs(t));
                values.putAll(res.metrics());
            }
            values.put("fid", fid.fid());
            r.put("metric_seconds", perMetric);
            r.put("metric_values", values);
            r.put("options", MetricOptions.defaults());
        }
        r.put("load_average_end", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());

        System.out.printf(Locale.ROOT, "eval benchmark: %d samples vs mnist-test (10,000), lenet-mnist, %s thread(s),"
                + " load %.1f → %.1f%n", samples, r.get("threads"), (double) r.get("load_average_start"),
                (double) r.get("load_average_end"));
        row("feature extraction", String.format(Locale.ROOT, "%.0f images/s", (double) r.get("features_per_second")));
        row("reference features (10k, once)", String.format(Locale.ROOT, "%.2f s", r.get("reference_features_seconds")));
        row("FID wall (extract+moments+Fréchet)", String.format(Locale.ROOT, "%.2f s", r.get("fid_wall_seconds")));
        row("  of which moments", String.format(Locale.ROOT, "%.3f s", r.get("moments_seconds")));
        row("  of which Fréchet (EJML eigh)", String.format(Locale.ROOT, "%.3f s", r.get("frechet_seconds")));
        row("FID value", String.format(Locale.ROOT, "%.4f", r.get("fid")));
        @SuppressWarnings("unchecked")
        Map<String, Object> per = (Map<String, Object>) r.get("metric_seconds");
        per.forEach((k, v) -> row(k, String.format(Locale.ROOT, "%.2f s", v)));
        if (json != null) {
            Files.createDirectories(json.toAbsolutePath().getParent());
            Files.writeString(json, new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues()
                    .create().toJson(r) + "\n", StandardCharsets.UTF_8);
            System.out.println("wrote " + json.toAbsolutePath());
        }
    }


    private static void row(String what, String value) {
        System.out.printf(Locale.ROOT, "  %-38s %s%n", what, value);
    }

    private static double secs(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
