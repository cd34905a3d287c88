package io.qdm.eval.extractor;

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
import ai.djl.util.Pair;
import io.qdm.eval.data.LabelledImages;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A loaded {@link ClassifierNetwork}: 28×28 images in [0, 1] → {@value ClassifierNetwork#FEATURE_DIM}-d penultimate
 * features and 10 class probabilities (softmax of the logits).
 *
 * <p>Work is done in chunks of {@link #CHUNK} images, each in its own {@link NDManager} sub-manager (native memory
 * grows with the batch, djl-offline.md P9). Inference may run on several threads at once; {@link #close()} must not
 * race with it. Results are deterministic for a given chunking (float32 kernels differ at ~1e-7 across batch shapes).
 */
public final class FeatureExtractor implements AutoCloseable {
    public static final int CHUNK = 256;
    /** Fixed {@code "Epoch"} property so {@code Model.save} writes {@code <name>-0000.params} (djl-offline.md P5). */
    public static final String EPOCH_PROPERTY = "0";
    /** How images reach the network: native size, no resizing, one channel. */
    public static final String RESIZE_MODE = "none (28x28, 1 channel, [0,1])";

    private final Model model;
    private final ExtractorManifest manifest;
    private final Block features;
    private final Block head;

    private FeatureExtractor(Model model, ExtractorManifest manifest) {
        this.model = model;
        this.manifest = manifest;
        this.features = model.getBlock().getChildren().get(ClassifierNetwork.FEATURES).getValue();
        this.head = model.getBlock().getChildren().get(ClassifierNetwork.HEAD).getValue();
    }

    /** An empty DJL model with the classifier block; parameters uninitialised. */
    public static Model newDjlModel(String name) {
        Model model = Model.newInstance(name, Engine.getInstance().getEngineName());
        model.setBlock(ClassifierNetwork.classifier());
        model.setProperty("Epoch", EPOCH_PROPERTY);
        return model;
    }

    /** A fresh model with initialised parameters (seed the engine first for reproducible weights). */
    public static Model initialised(String name) {
        Model model = newDjlModel(name);
        model.getBlock().initialize(model.getNDManager(), DataType.FLOAT32,
                new Shape(1, 1, LabelledImages.SIDE, LabelledImages.SIDE));
        return model;
    }

    /** Wraps a trained DJL model (training, tests); takes ownership. The manifest may be null. */
    public static FeatureExtractor wrap(Model model, ExtractorManifest manifest) {
        return new FeatureExtractor(model, manifest);
    }

    /**
     * Loads {@code dir/manifest.json} and the weights it names after checking their SHA-256.
     *
     * @throws IOException if the manifest is missing or invalid, or the weights are missing or do not match
     */
    public static FeatureExtractor load(Path dir) throws IOException {
        ExtractorManifest manifest = ExtractorManifest.read(dir.resolve(ExtractorManifest.FILE_NAME));
        Path weights = dir.resolve(manifest.weights().file());
        if (!Files.isRegularFile(weights)) {
            throw new IOException("extractor weights " + weights + " are missing (named by "
                    + dir.resolve(ExtractorManifest.FILE_NAME) + ")");
        }
        String actual = sha256(weights);
        if (!actual.equals(manifest.weights().sha256())) {
            throw new IOException("extractor weights " + weights + " do not match their manifest: SHA-256 is "
                    + actual + ", manifest says " + manifest.weights().sha256() + ". Restore the file from git or "
                    + "regenerate it: " + manifest.regenerate());
        }
        if (manifest.featureDim() != ClassifierNetwork.FEATURE_DIM) {
            throw new IOException(dir + ": featureDim " + manifest.featureDim() + " is not this network's "
                    + ClassifierNetwork.FEATURE_DIM);
        }
        Model model = newDjlModel(manifest.weights().modelName());
        try {
            model.load(dir, manifest.weights().modelName());
        } catch (MalformedModelException | RuntimeException e) {
            model.close();
            throw new IOException("extractor weights " + weights + " cannot be loaded: " + e.getMessage(), e);
        }
        return new FeatureExtractor(model, manifest);
    }

    /**
     * Loads an extractor shipped on the classpath under {@code resourceDir} ({@code extractors/lenet-mnist}). From a
     * jar, the two files are first copied to a temporary directory (DJL loads from a path).
     */
    public static FeatureExtractor loadResource(String resourceDir) throws IOException {
        ClassLoader cl = FeatureExtractor.class.getClassLoader();
        URL manifestUrl = cl.getResource(resourceDir + "/" + ExtractorManifest.FILE_NAME);
        if (manifestUrl == null) {
            throw new IOException("classpath resource " + resourceDir + "/" + ExtractorManifest.FILE_NAME
                    + " is missing");
        }
        if ("file".equals(manifestUrl.getProtocol())) {
            try {
                return load(Path.of(manifestUrl.toURI()).getParent());
            } catch (URISyntaxException e) {
                throw new IOException(manifestUrl + ": " + e.getMessage(), e);
            }
        }
        Path tmp = Files.createTempDirectory("qdm-extractor");
        Path manifestCopy = tmp.resolve(ExtractorManifest.FILE_NAME);
        copyResource(cl, resourceDir + "/" + ExtractorManifest.FILE_NAME, manifestCopy);
        ExtractorManifest m = ExtractorManifest.read(manifestCopy);
        copyResource(cl, resourceDir + "/" + m.weights().file(), tmp.resolve(m.weights().file()));
        return load(tmp);
    }

    private static void copyResource(ClassLoader cl, String name, Path target) throws IOException {
        try (InputStream in = cl.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("classpath resource " + name + " is missing");
            }
            Files.copy(in, target);
        }
    }

    /** The manifest, or null for a model wrapped in memory. */
    public ExtractorManifest manifest() {
        return manifest;
    }

    public Model djlModel() {
        return model;
    }

    public int featureDim() {
        return ClassifierNetwork.FEATURE_DIM;
    }

    /** Features and class probabilities of {@code count} images stored back to back in {@code pixels}. */
    public Output extract(float[] pixels, int count) {
        if (pixels.length != count * LabelledImages.PIXELS) {
            throw new IllegalArgumentException("images: " + pixels.length + " values for " + count + " images of "
                    + LabelledImages.PIXELS + " pixels");
        }
        int d = ClassifierNetwork.FEATURE_DIM;
        int k = ClassifierNetwork.CLASSES;
        float[] feats = new float[count * d];
        float[] probs = new float[count * k];
        for (int start = 0; start < count; start += CHUNK) {
            int b = Math.min(CHUNK, count - start);
            try (NDManager m = model.getNDManager().newSubManager()) {
                float[] chunk = new float[b * LabelledImages.PIXELS];
                System.arraycopy(pixels, start * LabelledImages.PIXELS, chunk, 0, chunk.length);
                NDArray x = m.create(chunk, new Shape(b, 1, LabelledImages.SIDE, LabelledImages.SIDE));
                NDList out = ClassifierInference.forward(features, head, x);
                NDArray f = out.get(0);
                NDArray p = out.get(1).softmax(1);
                System.arraycopy(f.toFloatArray(), 0, feats, start * d, b * d);
                System.arraycopy(p.toFloatArray(), 0, probs, start * k, b * k);
            }
        }
        return new Output(count, feats, probs);
    }

    /**
     * Features and class probabilities, row-major: {@code features[i * 128 + j]}, {@code probabilities[i * 10 + c]}.
     */
    public record Output(int count, float[] features, float[] probabilities) {

        /** The most probable class of image i (lowest index on ties). */
        public int predicted(int i) {
            int k = ClassifierNetwork.CLASSES;
            int best = 0;
            for (int c = 1; c < k; c++) {
                if (probabilities[i * k + c] > probabilities[i * k + best]) {
                    best = c;
                }
            }
            return best;
        }
    }

    public long parameterCount() {
        long n = 0;
        for (Pair<String, Parameter> p : model.getBlock().getParameters()) {
            n += p.getValue().getArray().size();
        }
        return n;
    }

    /** Saves the parameters as {@code dir/<name>-0000.params} and returns that file. */
    public Path saveWeights(Path dir) throws IOException {
        Files.createDirectories(dir);
        model.setProperty("Epoch", EPOCH_PROPERTY);
        model.save(dir, model.getName());
        Path file = dir.resolve(weightsFileName(model.getName()));
        if (!Files.isRegularFile(file)) {
            throw new IOException("Model.save did not write the expected " + file);
        }
        return file;
    }

    public static String weightsFileName(String name) {
        return name + "-0000.params";
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
