package io.qdm.eval.cli;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.qdm.datasets.DataDirectory;
import io.qdm.eval.Report;
import io.qdm.eval.client.LatentReconstructions;
import io.qdm.eval.data.LabelledImages;
import io.qdm.eval.extractor.FeatureExtractor;
import io.qdm.eval.metrics.MetricOptions;
import io.qdm.eval.metrics.SampleSet;
import io.qdm.eval.service.Baselines;
import io.qdm.eval.service.Evaluator;
import io.qdm.eval.service.ReferenceLibrary;
import io.qdm.eval.training.Cli;
import io.qdm.proto.latent.v1.LatentServiceGrpc;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What {@code ./qdm eval FILE...} spawns: scores image files (IDX or PNG grids) against a reference set with the same
 * code path as eval-service's Evaluate, prints the metrics and writes the report JSON.
 *
 * <p>Exit codes: 0 success, 2 bad arguments or input, 1 any other failure.
 */
public final class EvalFilesMain {
    static final String USAGE = """
            usage: EvalFilesMain FILE... [--labels IDX] [--reference NAME] [--extractor ID] [--out FILE]
                                 [--latent HOST:PORT | --no-latent] [--padding P] [--data-dir DIR]
              FILE          IDX images [N,28,28] (ubyte, float or double in [0,1]; raw or .gz) or PNG grids of 28x28 tiles
              --labels      IDX label file: the requested label of each image, in file order (conditioning metrics)
              --reference   mnist-test (default), mnist-train, fashion-mnist-test, fashion-mnist-train
              --extractor   lenet-mnist (default) or lenet-fashion-mnist
              --out         report JSON (default eval-report.json)
              --latent      latent-service for the autoencoder-reconstruction baseline (default
                            $QDM_LATENT_HOST:$QDM_LATENT_PORT, else localhost:8183); --no-latent skips it
              --padding     pixels between PNG tiles (default 0)
              --data-dir    verified dataset cache (default $QDM_DATA_DIR or <repo>/.qdm/data)
            """;

    private EvalFilesMain() {
    }

    public static void main(String[] args) {
        int code;
        try {
            code = run(args, System.out);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.print(USAGE);
            code = 2;
        } catch (Exception e) {
            System.err.println("error: " + e);
            e.printStackTrace(System.err);
            code = 1;
        }
        System.exit(code);
    }

    static int run(String[] args, PrintStream out) throws Exception {
        List<Path> files = new ArrayList<>();
        Path labelsFile = null;
        String reference = "mnist-test";
        String extractorId = "lenet-mnist";
        Path outFile = Path.of("eval-report.json");
        String latent = System.getenv().getOrDefault("QDM_LATENT_HOST", "localhost") + ":"
                + System.getenv().getOrDefault("QDM_LATENT_PORT", "8183");
        int padding = 0;
        Path dataDir = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--labels" -> labelsFile = Path.of(value(args, ++i, a));
                case "--reference" -> reference = value(args, ++i, a);
                case "--extractor" -> extractorId = value(args, ++i, a);
                case "--out" -> outFile = Path.of(value(args, ++i, a));
                case "--latent" -> latent = value(args, ++i, a);
                case "--no-latent" -> latent = null;
                case "--padding" -> padding = Cli.parseInt(a, value(args, ++i, a));
                case "--data-dir" -> dataDir = Path.of(value(args, ++i, a));
                case "-h", "--help" -> {
                    out.print(USAGE);
                    return 0;
                }
                default -> {
                    if (a.startsWith("--")) {
                        throw new IllegalArgumentException("unknown argument '" + a + "'");
                    }
                    files.add(Path.of(a));
                }
            }
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no image files given");
        }
        ReferenceLibrary.ReferenceId ref = ReferenceLibrary.ReferenceId.parse(reference);
        float[] pixels = new float[0];
        int n = 0;
        for (Path f : files) {
            SampleFiles.Images img = SampleFiles.read(f, padding);
            pixels = Arrays.copyOf(pixels, (n + img.count()) * LabelledImages.PIXELS);
            System.arraycopy(img.pixels(), 0, pixels, n * LabelledImages.PIXELS, img.pixels().length);
            n += img.count();
            out.printf(Locale.ROOT, "read %d images from %s%n", img.count(), f);
        }
        int[] labels = null;
        if (labelsFile != null) {
            labels = SampleFiles.readLabels(labelsFile);
            if (labels.length != n) {
                throw new IllegalArgumentException("--labels: " + labels.length + " labels for " + n + " images");
            }
        }
        Path data = dataDir != null ? dataDir : DataDirectory.resolveDefault();
        ReferenceLibrary refs = new ReferenceLibrary(data, data.resolveSibling("eval-cache"));
        Evaluator evaluator = new Evaluator(refs, new Baselines(refs, 0), MetricOptions.defaults());
        ManagedChannel channel = null;
        try (FeatureExtractor extractor = FeatureExtractor.loadResource("extractors/" + extractorId)) {
            Baselines.Reconstructor reconstructor = null;
            if (latent != null) {
                channel = ManagedChannelBuilder.forTarget(latent).usePlaintext().maxInboundMessageSize(64 << 20).build();
                reconstructor = new LatentReconstructions(LatentServiceGrpc.newBlockingStub(channel), latent, 60, 64);
            }
            SampleSet samples = ReferenceLibrary.sampleSet(String.join(",", files.stream().map(Path::toString)
                    .toList()), extractor, pixels, n, labels);
            Report report = evaluator.evaluate(files.size() == 1 ? files.get(0).getFileName().toString() : "files",
                    samples, extractor, ref, Set.of(), reconstructor);
            Files.writeString(outFile, report.toJson() + "\n", StandardCharsets.UTF_8);
            print(report, out);
            out.printf(Locale.ROOT, "wrote %s%n", outFile.toAbsolutePath());
        } finally {
            if (channel != null) {
                channel.shutdownNow();
            }
        }
        return 0;
    }

    static void print(Report r, PrintStream out) {
        out.printf(Locale.ROOT, "%n%s vs %s (%d reference images), extractor %s v%s (sha256 %s…), %d samples%n",
                r.runId(), r.reference(), r.referenceCount(), r.extractor().id(), r.extractor().version(),
                r.extractor().sha256().substring(0, 12), r.sampleCount());
        for (Map.Entry<String, Double> e : r.metrics().entrySet()) {
            out.printf(Locale.ROOT, "  %-24s %12.6f%n", e.getKey(), e.getValue());
        }
        r.unavailable().forEach((k, why) -> out.printf(Locale.ROOT, "  %-24s %12s  (%s)%n", k, "-", why));
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) {
            throw new IllegalArgumentException(flag + ": missing value");
        }
        return args[i];
    }
}
