package io.qdm.latent.model;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A trained autoencoder ready for inference: MNIST images ↔ unit-norm, non-negative latent vectors (paper notes §1.1).
 *
 * <p>Images are {@code double[B][784]}: 28×28 row-major, intensities divided by 255, in [0, 1]. Latents are
 * {@code double[B][d]} with d = {@link AutoencoderConfig#latentDim()}. Every public method validates the whole batch
 * first and throws {@link IllegalArgumentException} naming the field ({@code images[2][100]: ...}); a batch never
 * partially succeeds. Work is done in chunks of {@link #CHUNK} images (native memory grows with the batch,
 * djl-offline.md P9), each chunk in its own {@link NDManager} sub-manager that is closed before the next.
 *
 * <p>Decoding gives every row the same bits whatever batch it comes in, on whatever thread (see {@link #warmUp},
 * {@link #MIN_ROWS} and {@link #pinIntraOpThreads}); a chunk of at least 2·{@link #MIN_ROWS_PER_WORKER} rows is split
 * across {@link #DECODE_WORKERS} threads, each a single-threaded libtorch pass, which is therefore bit-identical too.
 * Encoding is deterministic for a given batch, but not bit-identical across batch sizes: libtorch picks float32
 * kernels by batch shape, so the same image encoded alone or inside a batch can differ at the float32 rounding level
 * (~1e-7 relative).
 *
 * <p>Encode and decode may be called from several threads at once (inference only reads the parameters and
 * BatchNorm runs in inference mode with its stored statistics); {@link #close()} must not race with them.
 */
public final class AutoencoderModel implements AutoCloseable {
    /** Name passed to {@code Model.save}/{@code load}: the weights file is {@code autoencoder-0000.params}. */
    public static final String MODEL_NAME = "autoencoder";
    /**
     * Fixed {@code "Epoch"} model property, so {@code Model.save} writes a stable file name instead of an
     * auto-incremented one (djl-offline.md P5).
     */
    public static final String EPOCH_PROPERTY = "0";
    /** Classpath directory of the shipped weights and manifest. */
    public static final String SHIPPED_RESOURCE_DIR = "models/autoencoder";
    /** Images per native forward pass. */
    public static final int CHUNK = 256;
    /**
     * Paddings for short chunks that a loaded model tries, smallest first ({@link #calibrateMinRows}): a chunk of
     * fewer rows is padded with zero rows (images dropped). On the Zen 4 machine kind 1–3 rows decoded with other
     * rounding than larger batches, so 4 was fixed there; on an AVX-512 Xeon the culprits were the linear layers at
     * row counts that are not multiples of 8 and the sigmoid at odd image counts, which {@link ServedDecoder} now pads
     * itself, and 1 row then decodes to the bits of a large batch. Padding costs: one image alone decodes ~2.5× faster
     * than four.
     */
    static final int[] MIN_ROWS_CANDIDATES = {1, 4, 8, 16};
    /** Rows of the calibration's reference batch, and its short chunks: 1 … {@value #CALIBRATION_SIZES} rows. */
    private static final int CALIBRATION_ROWS = 16;
    private static final int CALIBRATION_SIZES = 9;
    private static final long CALIBRATION_SEED = 20_261_127L;
    /**
     * Threads that decode one chunk side by side, the caller being one of them: {@code qdm.latent.decode-workers}, by
     * default the number of CPUs up to 2. Each runs libtorch with one intra-op thread, so rows stay bit-identical
     * (a thread count inside libtorch would change the rounding, djl-offline.md §4.6).
     */
    public static final int DECODE_WORKERS = Math.max(1, Integer.getInteger("qdm.latent.decode-workers",
            Math.min(2, Runtime.getRuntime().availableProcessors())));
    /** Fewest rows per decode worker: smaller chunks are decoded by the calling thread alone. */
    public static final int MIN_ROWS_PER_WORKER = 32;
    /** Throwaway decode rounds after loading (see {@link #warmUp}). */
    static final int WARM_UP_ROUNDS = 3;

    private final Model model;
    private final AutoencoderConfig config;
    private final ModelManifest manifest;
    private final Block encoder;
    private final Block decoder;
    /** The decoder's served pass once the model is loaded to serve (frozen); null while it may train. */
    private volatile ServedDecoder served;
    /** Short chunks are padded to this many rows; set by {@link #calibrateMinRows} when the model is loaded to serve. */
    private volatile int minRows = MIN_ROWS_CANDIDATES[MIN_ROWS_CANDIDATES.length - 1];

    private AutoencoderModel(Model model, AutoencoderConfig config, ModelManifest manifest) {
        this.model = model;
        this.config = config;
        this.manifest = manifest;
        this.encoder = model.getBlock().getChildren().get(AutoencoderNetwork.ENCODER).getValue();
        this.decoder = model.getBlock().getChildren().get(AutoencoderNetwork.DECODER).getValue();
    }

    /**
     * A new model with freshly initialised parameters. For reproducible weights call
     * {@code Engine.getInstance().setRandomSeed(seed)} first (it seeds {@code torch.manual_seed}).
     */
    public static AutoencoderModel create(AutoencoderConfig config) {
        Model model = newDjlModel(config);
        model.getBlock().initialize(model.getNDManager(), DataType.FLOAT32,
                new Shape(1, 1, AutoencoderConfig.IMAGE_SIDE, AutoencoderConfig.IMAGE_SIDE));
        return new AutoencoderModel(model, config, null);
    }

    /** Wraps a DJL model whose block is {@link AutoencoderNetwork#autoencoder} (used by training). Takes ownership. */
    public static AutoencoderModel wrap(Model model, AutoencoderConfig config) {
        return new AutoencoderModel(model, config, null);
    }

    /** An empty DJL model with the autoencoder block for {@code config}; parameters uninitialised. */
    public static Model newDjlModel(AutoencoderConfig config) {
        Model model = Model.newInstance(MODEL_NAME, Engine.getInstance().getEngineName());
        model.setBlock(AutoencoderNetwork.autoencoder(config));
        model.setProperty("Epoch", EPOCH_PROPERTY);
        return model;
    }

    /**
     * Loads {@code dir/manifest.json} and the weights it names, after checking the weights' SHA-256 against it.
     *
     * @throws IOException if the manifest is missing or invalid, or the weights are missing, corrupt or modified
     *                     (the message gives both hashes and the file)
     */
    public static AutoencoderModel load(Path dir) throws IOException {
        ModelManifest manifest = ModelManifest.read(dir.resolve(ModelManifest.FILE_NAME));
        Path weights = dir.resolve(manifest.weights().file());
        if (!Files.isRegularFile(weights)) {
            throw new IOException("autoencoder weights " + weights + " are missing (named by " + dir.resolve(
                    ModelManifest.FILE_NAME) + ")");
        }
        String actual = sha256(weights);
        if (!actual.equals(manifest.weights().sha256())) {
            throw new IOException("autoencoder weights " + weights + " do not match their manifest: SHA-256 is "
                    + actual + ", manifest says " + manifest.weights().sha256()
                    + ". The file is corrupt or was replaced; restore it from git or retrain with "
                    + "`./qdm train autoencoder`.");
        }
        Model model = newDjlModel(manifest.config());
        try {
            model.load(dir, manifest.weights().modelName());
        } catch (MalformedModelException | RuntimeException e) {
            model.close();
            throw new IOException("autoencoder weights " + weights + " cannot be loaded into a latent-"
                    + manifest.latentDim() + " autoencoder: " + e.getMessage(), e);
        }
        AutoencoderModel loaded = new AutoencoderModel(model, manifest.config(), manifest);
        loaded.decoder.getChildren().values().stream()
                .filter(TransposedConv2d.class::isInstance)
                .forEach(b -> ((TransposedConv2d) b).freezeWeights()); // a loaded model only serves
        loaded.served = ServedDecoder.of((SequentialBlock) loaded.decoder);
        loaded.warmUp();
        loaded.minRows = loaded.calibrateMinRows();
        return loaded;
    }

    /** Rows a short chunk is padded to on this machine (see {@link #MIN_ROWS_CANDIDATES}). */
    public int minRows() {
        return minRows;
    }

    /**
     * The smallest of {@link #MIN_ROWS_CANDIDATES} with which every chunk of 1 … {@value #CALIBRATION_SIZES} rows,
     * padded to it, decodes to the same bits as the same rows in one batch of {@value #CALIBRATION_ROWS}. Measured on
     * the CPU the service runs on, because libtorch's kernel paths, and with them the rounding of short batches,
     * depend on it. Seeded latents; DecodeBatchDeterminismTest checks the choice against batches of up to 300.
     */
    int calibrateMinRows() {
        int d = config.latentDim();
        java.util.SplittableRandom rng = new java.util.SplittableRandom(CALIBRATION_SEED);
        float[] batch = new float[CALIBRATION_ROWS * d];
        for (int i = 0; i < batch.length; i++) {
            batch[i] = (float) rng.nextDouble();
        }
        float[] reference = decodeFlat(batch, CALIBRATION_ROWS);
        int pixels = AutoencoderConfig.PIXELS;
        for (int candidate : MIN_ROWS_CANDIDATES) {
            boolean same = true;
            for (int size = 1; size <= CALIBRATION_SIZES && same; size++) {
                // the first `size` rows, then zero rows up to the padding, as decodeRows lays a short chunk out
                int padded = Math.max(size, candidate);
                float[] chunk = new float[padded * d];
                System.arraycopy(batch, 0, chunk, 0, size * d);
                float[] px = decodeFlat(chunk, padded);
                same = Arrays.equals(px, 0, size * pixels, reference, 0, size * pixels);
            }
            if (same) {
                return candidate;
            }
        }
        return MIN_ROWS_CANDIDATES[MIN_ROWS_CANDIDATES.length - 1];
    }

    /**
     * Serving must give the same bits for a row whatever call it comes in, but libtorch's first inference calls
     * after loading (measured: the very first decode of a fresh process) and, on some CPUs, short batches take other
     * kernel paths with other rounding. So every loaded model runs a few throwaway decodes before it serves, and
     * {@link #decodeValidated} pads short chunks to {@link #minRows()} rows.
     */
    private void warmUp() {
        for (int round = 0; round < WARM_UP_ROUNDS; round++) {
            for (int rows : new int[] {1, 4, 16, CHUNK}) {
                decodeFlat(new float[rows * config.latentDim()], rows);
            }
            decodeValidated(new double[CHUNK][config.latentDim()]); // warms the helper threads as well
        }
    }

    /**
     * libtorch's intra-op thread count (OpenMP) is a per-thread setting: DJL pins it only on the thread that started
     * the engine, and any other thread (gRPC and Kafka workers) would split a batch over every core, with another
     * rounding for some rows. Each calling thread is pinned to the configured count before its first pass.
     */
    private static void pinIntraOpThreads() {
        if (!PINNED.get()) {
            int wanted = Integer.getInteger("ai.djl.pytorch.num_threads", 1);
            if (ai.djl.pytorch.jni.JniUtils.getNumThreads() != wanted) {
                ai.djl.pytorch.jni.JniUtils.setNumThreads(wanted);
            }
            PINNED.set(true);
        }
    }

    private static final ThreadLocal<Boolean> PINNED = ThreadLocal.withInitial(() -> false);

    /** The {@link #DECODE_WORKERS} − 1 helper threads shared by every model (daemons: they never block exit). */
    private static final ExecutorService DECODE_HELPERS = DECODE_WORKERS > 1
            ? Executors.newFixedThreadPool(DECODE_WORKERS - 1, r -> {
                Thread t = new Thread(r, "qdm-decode-helper");
                t.setDaemon(true);
                return t;
            })
            : null;

    /**
     * Loads the weights shipped on the classpath under {@link #SHIPPED_RESOURCE_DIR}. From a jar, the two files are
     * first copied to a temporary directory (DJL loads from a path).
     */
    public static AutoencoderModel loadShipped() throws IOException {
        ClassLoader cl = AutoencoderModel.class.getClassLoader();
        URL manifestUrl = cl.getResource(SHIPPED_RESOURCE_DIR + "/" + ModelManifest.FILE_NAME);
        if (manifestUrl == null) {
            throw new IOException("no shipped autoencoder: classpath resource " + SHIPPED_RESOURCE_DIR + "/"
                    + ModelManifest.FILE_NAME + " is missing");
        }
        if ("file".equals(manifestUrl.getProtocol())) {
            try {
                return load(Path.of(manifestUrl.toURI()).getParent());
            } catch (URISyntaxException e) {
                throw new IOException(manifestUrl + ": " + e.getMessage(), e);
            }
        }
        Path tmp = Files.createTempDirectory("qdm-autoencoder");
        Path manifestCopy = tmp.resolve(ModelManifest.FILE_NAME);
        copyResource(cl, ModelManifest.FILE_NAME, manifestCopy);
        ModelManifest m = ModelManifest.read(manifestCopy);
        copyResource(cl, m.weights().file(), tmp.resolve(m.weights().file()));
        return load(tmp);
    }

    private static void copyResource(ClassLoader cl, String name, Path target) throws IOException {
        try (InputStream in = cl.getResourceAsStream(SHIPPED_RESOURCE_DIR + "/" + name)) {
            if (in == null) {
                throw new IOException("classpath resource " + SHIPPED_RESOURCE_DIR + "/" + name + " is missing");
            }
            Files.copy(in, target);
        }
    }

    /** The served decoder pass, or null for a model that may still train (package-private: tests). */
    ServedDecoder servedDecoder() {
        return served;
    }

    public AutoencoderConfig config() {
        return config;
    }

    public int latentDim() {
        return config.latentDim();
    }

    /** The manifest this model was loaded with, or null for a model created or wrapped in memory. */
    public ModelManifest manifest() {
        return manifest;
    }

    /** The underlying DJL model (for training and saving); owned by this object. */
    public Model djlModel() {
        return model;
    }

    /** Number of trainable parameters (BatchNorm running statistics excluded). */
    public long trainableParameterCount() {
        return countParameters(model.getBlock(), true);
    }

    static long countParameters(Block block, boolean trainableOnly) {
        long n = 0;
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (!trainableOnly || p.getValue().requiresGradient()) {
                n += p.getValue().getArray().size();
            }
        }
        return n;
    }

    /**
     * Encodes images to latents: the encoder's L2-normalised, non-negative output, re-normalised in double precision
     * so that each row has Euclidean norm 1 to within 1e-15 (an amplitude vector; the float32 network output is only
     * normalised to ~1e-7). An all-zero encoder output (never seen in practice) stays zero.
     *
     * @param images {@code [B][784]} in [0, 1], B ≥ 1
     * @return {@code [B][d]}, every component ≥ 0
     */
    public double[][] encode(double[][] images) {
        BatchValidation.requireImages("images", images);
        int n = images.length;
        int d = config.latentDim();
        double[][] out = new double[n][];
        for (int start = 0; start < n; start += CHUNK) {
            int b = Math.min(CHUNK, n - start);
            float[] flat = new float[b * AutoencoderConfig.PIXELS];
            for (int i = 0; i < b; i++) {
                double[] img = images[start + i];
                for (int k = 0; k < AutoencoderConfig.PIXELS; k++) {
                    flat[i * AutoencoderConfig.PIXELS + k] = (float) img[k];
                }
            }
            float[] z = encodeFlat(flat, b);
            for (int i = 0; i < b; i++) {
                double[] row = new double[d];
                double ss = 0;
                for (int j = 0; j < d; j++) {
                    row[j] = Math.abs(z[i * d + j]);
                    ss += row[j] * row[j];
                }
                double norm = Math.sqrt(ss);
                if (norm > 0) {
                    for (int j = 0; j < d; j++) {
                        row[j] /= norm;
                    }
                }
                out[start + i] = row;
            }
        }
        return out;
    }

    /**
     * Decodes real latent vectors (the moduli of a generated state, or encoder outputs) to images. Any finite
     * vector is accepted; the decoder was trained on unit-norm, non-negative ones.
     *
     * @param latents {@code [B][d]}, B ≥ 1
     * @return {@code [B][784]} in [0, 1] (sigmoid output), 28×28 row-major
     */
    public double[][] decode(double[][] latents) {
        BatchValidation.requireVectors("latents", latents, config.latentDim());
        return decodeValidated(latents);
    }

    /**
     * Decodes complex amplitude vectors as the authors do ({@code A:sampling.py}: {@code torch.abs} of the state):
     * the decoder input is the modulus |a| = hypot(re, im) of each amplitude; phases are discarded. Identical to
     * {@code decode} of those moduli.
     *
     * @param real {@code [B][d]} real parts
     * @param imag {@code [B][d]} imaginary parts
     */
    public double[][] decodeAmplitudes(double[][] real, double[][] imag) {
        BatchValidation.requireComplex("amplitudes.real", real, "amplitudes.imag", imag, config.latentDim());
        return decodeValidated(moduli(real, imag));
    }

    /** Element-wise modulus of complex vectors given as real and imaginary parts. */
    public static double[][] moduli(double[][] real, double[][] imag) {
        double[][] m = new double[real.length][];
        for (int i = 0; i < real.length; i++) {
            m[i] = new double[real[i].length];
            for (int j = 0; j < real[i].length; j++) {
                m[i][j] = Math.hypot(real[i][j], imag[i][j]);
            }
        }
        return m;
    }

    private double[][] decodeValidated(double[][] latents) {
        int n = latents.length;
        double[][] out = new double[n][];
        for (int start = 0; start < n; start += CHUNK) {
            int b = Math.min(CHUNK, n - start);
            int workers = Math.max(1, Math.min(DECODE_WORKERS, b / MIN_ROWS_PER_WORKER));
            int per = (b + workers - 1) / workers;
            List<Future<?>> helpers = new ArrayList<>(workers - 1);
            for (int w = 1; w < workers; w++) {
                int from = start + w * per;
                int count = Math.min(per, start + b - from);
                helpers.add(DECODE_HELPERS.submit(() -> decodeRows(latents, from, count, out)));
            }
            decodeRows(latents, start, Math.min(per, b), out);
            for (Future<?> f : helpers) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof RuntimeException re ? re
                            : new IllegalStateException("decode worker failed: " + e.getCause(), e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while decoding", e);
                }
            }
        }
        return out;
    }

    /**
     * Decodes rows {@code [from, from + count)} of {@code latents} into the same rows of {@code out} in one native pass
     * (short runs padded with zero rows to {@link #minRows()}; their images are dropped).
     */
    private void decodeRows(double[][] latents, int from, int count, double[][] out) {
        int d = config.latentDim();
        int padded = Math.max(count, minRows);
        float[] flat = new float[padded * d];
        for (int i = 0; i < count; i++) {
            for (int j = 0; j < d; j++) {
                flat[i * d + j] = (float) latents[from + i][j];
            }
        }
        float[] px = decodeFlat(flat, padded);
        for (int i = 0; i < count; i++) {
            double[] img = new double[AutoencoderConfig.PIXELS];
            for (int k = 0; k < img.length; k++) {
                img[k] = px[i * AutoencoderConfig.PIXELS + k];
            }
            out[from + i] = img;
        }
    }

    /**
     * Unchecked float32 encoder pass on {@code count} images stored back to back in {@code pixels} (row-major,
     * [0, 1]); returns {@code count × d} network outputs (float32-normalised). For training and export loops that
     * already hold valid data; no chunking.
     */
    public float[] encodeFlat(float[] pixels, int count) {
        pinIntraOpThreads();
        try (NDManager m = model.getNDManager().newSubManager()) {
            NDArray x = m.create(pixels, new Shape(count, 1, AutoencoderConfig.IMAGE_SIDE,
                    AutoencoderConfig.IMAGE_SIDE));
            return encoder.forward(new ParameterStore(m, false), new NDList(x), false).singletonOrThrow()
                    .toFloatArray();
        }
    }

    /** Unchecked float32 decoder pass on {@code count} latents of length d; returns {@code count × 784} pixels. */
    public float[] decodeFlat(float[] latents, int count) {
        pinIntraOpThreads();
        try (NDManager m = model.getNDManager().newSubManager()) {
            NDArray z = m.create(latents, new Shape(count, config.latentDim()));
            ServedDecoder fast = served;
            if (fast != null) {
                return fast.decode(m, z);
            }
            return decoder.forward(new ParameterStore(m, false), new NDList(z), false).singletonOrThrow()
                    .toFloatArray();
        }
    }

    /**
     * Saves the parameters as {@code dir/autoencoder-0000.params} (DJL {@code Model.save} with a fixed epoch) and
     * returns that file.
     */
    public Path saveWeights(Path dir) throws IOException {
        Files.createDirectories(dir);
        model.setProperty("Epoch", EPOCH_PROPERTY);
        model.save(dir, MODEL_NAME);
        Path file = dir.resolve(weightsFileName());
        if (!Files.isRegularFile(file)) {
            throw new IOException("Model.save did not write the expected " + file);
        }
        return file;
    }

    /** {@code autoencoder-0000.params}. */
    public static String weightsFileName() {
        return String.format("%s-%04d.params", MODEL_NAME, Integer.parseInt(EPOCH_PROPERTY));
    }

    /** Lower-case hex SHA-256 of a file. */
    public static String sha256(Path file) throws IOException {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            try (InputStream in = Files.newInputStream(file)) {
                byte[] buf = new byte[1 << 16];
                for (int r; (r = in.read(buf)) > 0; ) {
                    md.update(buf, 0, r);
                }
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide SHA-256", e);
        }
    }


    @Override
    public void close() {
        model.close();
    }
}
