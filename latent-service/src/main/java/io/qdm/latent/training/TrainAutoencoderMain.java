package io.qdm.latent.training;

import ai.djl.engine.Engine;
import io.qdm.datasets.DataDirectory;
import io.qdm.latent.model.AutoencoderConfig;
import io.qdm.latent.model.AutoencoderModel;
import io.qdm.latent.model.ModelManifest;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * Command-line training run; what {@code ./qdm train autoencoder} spawns. Writes into {@code --out}: the best
 * weights ({@code autoencoder-0000.params}), {@code manifest.json}, {@code reconstructions.png} (10 validation
 * originals over their reconstructions, one per digit) and {@code checkpoint/{last,best}} for {@code --resume}.
 *
 * <p>Exit codes: 0 success, 2 bad arguments, 1 any other failure (message on stderr).
 */
public final class TrainAutoencoderMain {
    static final String USAGE = """
            usage: TrainAutoencoderMain [--epochs N] [--batch-size N] [--lr X] [--seed N] [--latent-dim N]
                                        [--data-dir DIR] [--out DIR] [--limit N] [--resume] [--threads N]
              --epochs      epochs to train in total (default 100, the authors'; a resumed run continues to N)
              --batch-size  mini-batch size (default 32)
              --lr          Adam learning rate (default 1e-3), StepLR(20, 0.7) per epoch
              --seed        seed of initialisation, split and shuffling (default 42)
              --latent-dim  latent size (default 8 = 3 qubits)
              --data-dir    verified MNIST cache (default $QDM_DATA_DIR or <repo>/.qdm/data; ./qdm data fetch)
              --out         output directory (default out/autoencoder)
              --limit       use only N images of the 70,000 (seeded random subset) for quick runs; 0 = all
              --resume      continue from <out>/checkpoint/last
              --threads     libtorch intra-op threads (default: ai.djl.pytorch.num_threads, 1 under ./qdm); results
                            are reproducible for a given seed and thread count (set OMP_WAIT_POLICY=PASSIVE if > 1)
            """;

    private TrainAutoencoderMain() {
    }

    public static void main(String[] args) {
        int code;
        try {
            code = run(args, System.out, System.err);
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

    static int run(String[] args, PrintStream out, PrintStream err) throws IOException {
        TrainingConfig base = TrainingConfig.authors();
        int epochs = base.epochs();
        int batch = base.batchSize();
        double lr = base.learningRate();
        long seed = base.seed();
        int latent = base.latentDim();
        int limit = 0;
        boolean resume = false;
        int threads = 0;
        Path dataDir = null;
        Path outDir = Path.of("out", "autoencoder");
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--epochs" -> epochs = parseInt(a, value(args, ++i, a));
                case "--batch-size" -> batch = parseInt(a, value(args, ++i, a));
                case "--lr" -> lr = parseDouble(a, value(args, ++i, a));
                case "--seed" -> seed = parseLong(a, value(args, ++i, a));
                case "--latent-dim" -> latent = parseInt(a, value(args, ++i, a));
                case "--limit" -> limit = parseInt(a, value(args, ++i, a));
                case "--data-dir" -> dataDir = Path.of(value(args, ++i, a));
                case "--out" -> outDir = Path.of(value(args, ++i, a));
                case "--resume" -> resume = true;
                case "--threads" -> threads = parseInt(a, value(args, ++i, a));
                case "-h", "--help" -> {
                    out.print(USAGE);
                    return 0;
                }
                default -> throw new IllegalArgumentException("unknown argument '" + a + "'");
            }
        }
        if (threads < 0) {
            throw new IllegalArgumentException("--threads: must be ≥ 1 (0 = the default), got " + threads);
        }
        if (threads > 0) {
            // Training runs on this thread only; libtorch's intra-op count is per thread. The engine (and its native
            // library) must be loaded first.
            Engine.getInstance();
            ai.djl.pytorch.jni.JniUtils.setNumThreads(threads);
        }
        TrainingConfig cfg = new TrainingConfig(epochs, batch, lr, seed, latent, limit, base.stepLrEpochs(),
                base.stepLrGamma(), base.huberDelta(), base.validationFraction());
        Path data = dataDir != null ? dataDir : DataDirectory.resolveDefault();
        Files.createDirectories(outDir);

        long t0 = System.nanoTime();
        MnistImages images = MnistImages.loadMerged(data);
        out.printf(Locale.ROOT, "data: %d MNIST images from %s (SHA-256 verified)%n", images.count(), data);
        out.printf(Locale.ROOT, "engine: DJL %s, %s %s, threads %s; config %s%n", Engine.getDjlVersion(),
                Engine.getInstance().getEngineName(), Engine.getInstance().getVersion(), threads(), cfg);
        ConsoleProgress progress = new ConsoleProgress(out);
        TrainingResult r = AutoencoderTrainer.train(images, cfg, outDir, resume, progress);

        Path weights = outDir.resolve(AutoencoderModel.weightsFileName());
        Files.copy(r.bestWeightsDir().resolve(AutoencoderModel.weightsFileName()), weights,
                StandardCopyOption.REPLACE_EXISTING);
        ModelManifest manifest;
        double[][] originals = new double[10][];
        double[][] recon;
        try (AutoencoderModel best = AutoencoderTrainer.loadCheckpoint(outDir.resolve(
                AutoencoderTrainer.CHECKPOINT_DIR).resolve(AutoencoderTrainer.BEST), cfg.latentDimConfig())) {
            manifest = new ModelManifest(ModelManifest.FORMAT, cfg.latentDim(),
                    new ModelManifest.Weights(weights.getFileName().toString(), AutoencoderModel.MODEL_NAME,
                            AutoencoderModel.sha256(weights), Files.size(weights),
                            best.trainableParameterCount()),
                    new ModelManifest.Training(cfg.epochs(), r.epochsCompleted(), r.bestEpoch(), cfg.batchSize(),
                            cfg.learningRate(), cfg.stepLrEpochs(), cfg.stepLrGamma(), cfg.huberDelta(), cfg.seed(),
                            cfg.limit(), r.split().train().length, r.split().validation().length,
                            cfg.validationFraction(), r.wallSeconds(), r.imagesPerSecond(),
                            threads()),
                    images.sha256(),
                    new ModelManifest.Metrics(r.bestValidation().mse(), r.bestValidation().huber(),
                            r.bestValidation().perDigitMseList(), r.bestValidation().perDigitCountList()),
                    new ModelManifest.Runtime(Engine.getDjlVersion(), Engine.getInstance().getEngineName(),
                            Engine.getInstance().getVersion(), System.getProperty("java.version")));
            int[] val = r.split().validation();
            for (int digit = 0, k = 0; digit < 10 && k < val.length; k++) {
                if (images.label(val[k]) == digit) {
                    originals[digit++] = images.image(val[k]);
                }
            }
            for (int d = 0; d < 10; d++) {
                if (originals[d] == null) { // tiny --limit runs may miss a digit: use any validation image
                    originals[d] = images.image(val[d % val.length]);
                }
            }
            recon = best.decode(best.encode(originals));
        }
        manifest.write(outDir.resolve(ModelManifest.FILE_NAME));
        ComparisonImage.write(originals, recon, 3, outDir.resolve("reconstructions.png"));

        ReconstructionMetrics m = r.bestValidation();
        out.printf(Locale.ROOT, "%nbest epoch %d of %d: validation MSE %.6f, Huber %.6f (%d images)%n", r.bestEpoch(),
                r.epochsCompleted(), m.mse(), m.huber(), m.images());
        StringBuilder pd = new StringBuilder("per-digit MSE:");
        for (int d = 0; d < 10; d++) {
            pd.append(String.format(Locale.ROOT, " %d=%.5f", d, m.perDigitMse()[d]));
        }
        out.println(pd);
        out.printf(Locale.ROOT, "training %.0f img/s, %.1f s in training batches, %.1f s training wall (all runs),"
                + " %.1f s this command%n", r.imagesPerSecond(), r.trainSeconds(), r.wallSeconds(),
                (System.nanoTime() - t0) / 1e9);
        out.printf(Locale.ROOT, "weights %s (%d bytes, SHA-256 %s)%nmanifest %s%nimage %s%n", weights,
                Files.size(weights), manifest.weights().sha256(), outDir.resolve(ModelManifest.FILE_NAME),
                outDir.resolve("reconstructions.png"));
        return 0;
    }

    /** The intra-op thread count training ran with (libtorch's, on this thread). */
    static String threads() {
        return Integer.toString(ai.djl.pytorch.jni.JniUtils.getNumThreads());
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) {
            throw new IllegalArgumentException(flag + ": missing value");
        }
        return args[i];
    }

    private static int parseInt(String flag, String v) {
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + ": '" + v + "' is not an integer");
        }
    }

    private static long parseLong(String flag, String v) {
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + ": '" + v + "' is not an integer");
        }
    }

    private static double parseDouble(String flag, String v) {
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + ": '" + v + "' is not a number");
        }
    }

    /** One self-overwriting progress line per second, a full line per epoch. */
    static final class ConsoleProgress implements TrainingProgress {
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
            out.printf(Locale.ROOT, "\repoch %d/%d [%s%s] %d/%d loss %.5f %.0f img/s ETA %s   ", epoch, epochs,
                    "#".repeat(filled), ".".repeat(width - filled), batch, batches, loss, ips, hms(eta));
            out.flush();
        }

        @Override
        public void onEpoch(EpochResult r) {
            out.printf(Locale.ROOT, "%nepoch %d: train Huber %.6f, val MSE %.6f, val Huber %.6f, lr %.2e, %.1f s%s%n",
                    r.epoch(), r.trainHuber(), r.validation().mse(), r.validation().huber(), r.learningRate(),
                    r.seconds(), r.best() ? " (best)" : "");
        }

        static String hms(double s) {
            long t = Math.round(s);
            return String.format(Locale.ROOT, "%d:%02d:%02d", t / 3600, (t / 60) % 60, t % 60);
        }
    }
}
