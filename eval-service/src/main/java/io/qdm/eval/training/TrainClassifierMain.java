package io.qdm.eval.training;

import ai.djl.engine.Engine;
import io.qdm.datasets.DataDirectory;
import io.qdm.datasets.DatasetId;
import io.qdm.datasets.DatasetSplit;
import io.qdm.eval.data.LabelledImages;
import io.qdm.eval.extractor.ClassifierNetwork;
import io.qdm.eval.extractor.ExtractorManifest;
import io.qdm.eval.extractor.FeatureExtractor;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@code ./qdm train classifier} spawns: trains the feature-extractor classifier on a dataset's training split,
 * measures its accuracy on the test split, and writes {@code <id>-0000.params} and {@code manifest.json} (config,
 * seed, data SHA-256s, weights SHA-256, test accuracy) into {@code --out}.
 *
 * <p>Exit codes: 0 success, 2 bad arguments, 1 any other failure (message on stderr).
 */
public final class TrainClassifierMain {
    static final String USAGE = """
            usage: TrainClassifierMain [--dataset mnist|fashion-mnist] [--epochs N] [--batch-size N] [--lr X]
                                       [--lr-decay X] [--seed N] [--data-dir DIR] [--out DIR] [--limit N]
              --dataset     training data (default mnist); the extractor id is lenet-<dataset>
              --epochs      epochs (default 5)
              --batch-size  mini-batch size (default 64)
              --lr          Adam learning rate (default 1e-3), multiplied by --lr-decay (default 0.7) each epoch
              --seed        seed of initialisation, dropout and shuffling (default 42)
              --data-dir    verified dataset cache (default $QDM_DATA_DIR or <repo>/.qdm/data; ./qdm data fetch)
              --out         output directory (default out/extractors/lenet-<dataset>)
              --limit       train on the first N training images only (quick runs); 0 = all
            """;

    private TrainClassifierMain() {
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

    /** Extractor id for a dataset: {@code lenet-mnist}, {@code lenet-fashion-mnist}. */
    public static String extractorId(DatasetId dataset) {
        return "lenet-" + dataset.cliName();
    }

    static int run(String[] args, PrintStream out) throws Exception {
        ClassifierTrainer.Config base = ClassifierTrainer.Config.defaults();
        DatasetId dataset = DatasetId.MNIST;
        int epochs = base.epochs();
        int batch = base.batchSize();
        double lr = base.learningRate();
        double decay = base.lrDecayPerEpoch();
        long seed = base.seed();
        int limit = 0;
        Path dataDir = null;
        Path outDir = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--dataset" -> dataset = DatasetId.fromName(value(args, ++i, a));
                case "--epochs" -> epochs = Cli.parseInt(a, value(args, ++i, a));
                case "--batch-size" -> batch = Cli.parseInt(a, value(args, ++i, a));
                case "--lr" -> lr = Cli.parseDouble(a, value(args, ++i, a));
                case "--lr-decay" -> decay = Cli.parseDouble(a, value(args, ++i, a));
                case "--seed" -> seed = Cli.parseLong(a, value(args, ++i, a));
                case "--limit" -> limit = Cli.parseInt(a, value(args, ++i, a));
                case "--data-dir" -> dataDir = Path.of(value(args, ++i, a));
                case "--out" -> outDir = Path.of(value(args, ++i, a));
                case "-h", "--help" -> {
                    out.print(USAGE);
                    return 0;
                }
                default -> throw new IllegalArgumentException("unknown argument '" + a + "'");
            }
        }
        ClassifierTrainer.Config cfg = new ClassifierTrainer.Config(epochs, batch, lr, decay, seed, limit);
        String id = extractorId(dataset);
        Path data = dataDir != null ? dataDir : DataDirectory.resolveDefault();
        Path target = outDir != null ? outDir : Path.of("out", "extractors", id);
        Files.createDirectories(target);

        long t0 = System.nanoTime();
        LabelledImages train = LabelledImages.load(data, dataset, DatasetSplit.TRAIN);
        LabelledImages test = LabelledImages.load(data, dataset, DatasetSplit.TEST);
        out.printf(Locale.ROOT, "data: %s %d train / %d test images from %s (SHA-256 verified)%n", dataset.cliName(),
                train.count(), test.count(), data);
        out.printf(Locale.ROOT, "engine: DJL %s, %s %s, threads %s; config %s%n", Engine.getDjlVersion(),
                Engine.getInstance().getEngineName(), Engine.getInstance().getVersion(), threads(), cfg);
        ClassifierTrainer.Result r = ClassifierTrainer.train(train, cfg, id, new ConsoleProgress(out));
        try (FeatureExtractor trained = r.extractor()) {
            ClassifierTrainer.Accuracy acc = ClassifierTrainer.accuracy(trained, test);
            Path weights = trained.saveWeights(target);
            Map<String, String> sha = new TreeMap<>(train.sha256());
            sha.putAll(test.sha256());
            String regenerate = "./qdm train classifier --dataset " + dataset.cliName() + " --epochs " + epochs
                    + " --seed " + seed + (limit > 0 ? " --limit " + limit : "")
                    + " --out eval-service/src/main/resources/extractors/" + id;
            ExtractorManifest manifest = new ExtractorManifest(ExtractorManifest.FORMAT, id, "1",
                    dataset.cliName(),
                    "LeNet-style " + dataset.cliName() + " classifier (Conv32-Conv64-FC128-FC10), 128-d penultimate "
                            + "ReLU features; QDM's own extractor, not Inception-v3: FIDs are on a different scale",
                    ClassifierNetwork.FEATURE_DIM, LabelledImages.SIDE,
                    new ExtractorManifest.Weights(weights.getFileName().toString(), id,
                            FeatureExtractor.sha256(weights), Files.size(weights), trained.parameterCount()),
                    new ExtractorManifest.Training(cfg.epochs(), cfg.batchSize(), cfg.learningRate(),
                            cfg.lrDecayPerEpoch(), cfg.seed(), r.trainImages(), r.wallSeconds(), r.imagesPerSecond(),
                            threads(), r.epochLoss()),
                    sha,
                    new ExtractorManifest.Metrics(acc.overall(), acc.images(), acc.perClass()),
                    new ExtractorManifest.Runtime(Engine.getDjlVersion(), Engine.getInstance().getEngineName(),
                            Engine.getInstance().getVersion(), System.getProperty("java.version")),
                    regenerate);
            manifest.write(target.resolve(ExtractorManifest.FILE_NAME));
            out.printf(Locale.ROOT, "%ntest accuracy %.4f on %d %s test images%n", acc.overall(), acc.images(),
                    dataset.cliName());
            StringBuilder per = new StringBuilder("per-class accuracy:");
            for (int c = 0; c < acc.perClass().size(); c++) {
                per.append(String.format(Locale.ROOT, " %d=%.4f", c, acc.perClass().get(c)));
            }
            out.println(per);
            out.printf(Locale.ROOT, "training %.0f img/s, %.1f s training wall, %.1f s this command%n",
                    r.imagesPerSecond(), r.wallSeconds(), (System.nanoTime() - t0) / 1e9);
            out.printf(Locale.ROOT, "weights %s (%d bytes, SHA-256 %s)%nmanifest %s%n", weights, Files.size(weights),
                    manifest.weights().sha256(), target.resolve(ExtractorManifest.FILE_NAME));
        }
        return 0;
    }

    static String threads() {
        return System.getProperty("ai.djl.pytorch.num_threads", "default");
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) {
            throw new IllegalArgumentException(flag + ": missing value");
        }
        return args[i];
    }

    /** One self-overwriting progress line per second (epoch, loss, images/s, ETA), a full line per epoch. */
    static final class ConsoleProgress implements ClassifierTrainer.Progress {
        private final PrintStream out;
        private long lastPrint;

        ConsoleProgress(PrintStream out) {
            this.out = out;
        }

        @Override
        public void onBatch(int epoch, int epochs, int batch, int batches, double loss, double ips, double eta) {
            long now = System.nanoTime();
            if (now - lastPrint < 1_000_000_000L && batch != batches) {
                return;
            }
            lastPrint = now;
            int width = 30;
            int filled = (int) ((long) width * batch / batches);
            out.printf(Locale.ROOT, "\repoch %d/%d [%s%s] %d/%d loss %.4f %.0f img/s ETA %s   ", epoch, epochs,
                    "#".repeat(filled), ".".repeat(width - filled), batch, batches, loss, ips, Cli.hms(eta));
            out.flush();
        }

        @Override
        public void onEpoch(int epoch, double meanLoss, double seconds) {
            out.printf(Locale.ROOT, "%nepoch %d: mean train loss %.5f, %.1f s%n", epoch, meanLoss, seconds);
        }
    }
}
