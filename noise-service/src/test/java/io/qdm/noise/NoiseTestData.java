package io.qdm.noise;

import io.qdm.noise.preprocess.EncodedDataset;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;

/**
 * The data a service under test reads, in a fresh temporary directory: a latent dataset of {@link #LATENTS} 8-dim
 * vectors ({@link TestData#latents}) with labels and its SHA-256 configured, and a dataset cache whose only MNIST file
 * is corrupt (so MNIST requests fail with FAILED_PRECONDITION and ListDatasets lists the latents only).
 */
public class NoiseTestData implements QuarkusTestResourceLifecycleManager {

    public static final int LATENTS = 40;
    private static volatile Path root;

    @Override
    public Map<String, String> start() {
        try {
            Path dir = Files.createTempDirectory("qdm-noise-test-");
            EncodedDataset data = TestData.latents(LATENTS);
            ByteBuffer b = ByteBuffer.allocate(8 * data.amplitudes().length).order(ByteOrder.LITTLE_ENDIAN);
            b.asDoubleBuffer().put(data.amplitudes());
            Files.write(dir.resolve("latents.f64"), b.array());
            byte[] labels = new byte[data.count()];
            for (int i = 0; i < labels.length; i++) {
                labels[i] = (byte) data.label(i);
            }
            Files.write(dir.resolve("latent-labels.u8"), labels);
            Path mnist = Files.createDirectories(dir.resolve("data").resolve("mnist"));
            Files.write(mnist.resolve("train-images-idx3-ubyte"), new byte[] {0, 0, 8, 3, 0, 0, 0, 1});
            root = dir;
            return Map.of(
                    "qdm.noise.data-dir", dataDir().toString(),
                    "qdm.noise.latent.vectors-path", vectors().toString(),
                    "qdm.noise.latent.labels-path", labelsFile().toString(),
                    "qdm.noise.latent.sha256", sha256(b.array()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        // Left for the OS to clean: the packaged app of an integration test may still be reading it.
    }

    public static Path dataDir() {
        return root.resolve("data");
    }

    public static Path vectors() {
        return root.resolve("latents.f64");
    }

    public static Path labelsFile() {
        return root.resolve("latent-labels.u8");
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
