package io.qdm.latent.export;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import io.qdm.latent.model.AutoencoderModel;
import io.qdm.latent.training.MnistImages;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The latent dataset for the noise-service ({@code A:DataPreProcessing/generate_encoded_dataset.py}): every image
 * encoded once.
 *
 * <p>Files written into a directory:
 * <ul>
 * <li>{@code latents.f64}: {@code count × latentDim} float64, little-endian, row-major (image i's latent at
 * {@code [i*d, (i+1)*d)}); each row unit-norm (to 1e-15) and non-negative, as {@link AutoencoderModel#encode}.</li>
 * <li>{@code labels.i32}: {@code count} int32 little-endian digit labels 0..9.</li>
 * <li>{@code latents.json}: this record (shapes, dtypes, SHA-256 of both files, weights and data provenance).</li>
 * </ul>
 * Row order is the merged MNIST order: the 60,000 training images, then the 10,000 test images.
 */
public record LatentDataset(String format, int count, int latentDim, String latentsFile, String latentsDtype,
        String latentsSha256, String labelsFile, String labelsDtype, String labelsSha256, String byteOrder,
        String weightsSha256, Map<String, String> dataSha256) {

    public static final String FORMAT = "qdm-latent-dataset/1";
    public static final String SIDECAR = "latents.json";
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

    /** Encodes all images of {@code data} with {@code model} and writes the three files into {@code dir}. */
    public static LatentDataset export(AutoencoderModel model, MnistImages data, Path dir) throws IOException {
        Files.createDirectories(dir);
        int d = model.latentDim();
        int n = data.count();
        Path latents = dir.resolve("latents.f64");
        Path labels = dir.resolve("labels.i32");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(latents), 1 << 16)) {
            ByteBuffer buf = ByteBuffer.allocate(AutoencoderModel.CHUNK * d * Double.BYTES)
                    .order(ByteOrder.LITTLE_ENDIAN);
            for (int start = 0; start < n; start += AutoencoderModel.CHUNK) {
                int b = Math.min(AutoencoderModel.CHUNK, n - start);
                double[][] x = new double[b][];
                for (int i = 0; i < b; i++) {
                    x[i] = data.image(start + i);
                }
                double[][] z = model.encode(x);
                buf.clear();
                for (double[] row : z) {
                    for (double v : row) {
                        buf.putDouble(v);
                    }
                }
                out.write(buf.array(), 0, buf.position());
            }
        }
        ByteBuffer lb = ByteBuffer.allocate(n * Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            lb.putInt(data.label(i));
        }
        Files.write(labels, lb.array());
        String weightsSha = model.manifest() == null ? null : model.manifest().weights().sha256();
        LatentDataset meta = new LatentDataset(FORMAT, n, d, latents.getFileName().toString(), "float64",
                AutoencoderModel.sha256(latents), labels.getFileName().toString(), "int32",
                AutoencoderModel.sha256(labels), "little-endian", weightsSha, data.sha256());
        Files.writeString(dir.resolve(SIDECAR), GSON.toJson(meta) + "\n", StandardCharsets.UTF_8);
        return meta;
    }

    /** Reads a sidecar written by {@link #export}. */
    public static LatentDataset read(Path sidecar) throws IOException {
        return GSON.fromJson(Files.readString(sidecar, StandardCharsets.UTF_8), LatentDataset.class);
    }
}
