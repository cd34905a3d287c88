package io.qdm.eval.cli;

import io.qdm.datasets.IdxDataType;
import io.qdm.datasets.IdxFile;
import io.qdm.eval.data.LabelledImages;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Reads image files for {@code qdm eval}: IDX ({@code [N, 28, 28]} unsigned bytes ÷ 255, or float32/float64 already
 * in [0, 1]; raw or gzip) and PNG grids (28×28 tiles, row-major, separated by {@code padding} pixels; grayscale or
 * the mean of RGB, ÷ 255). Every value is checked to lie in [0, 1].
 */
public final class SampleFiles {

    private SampleFiles() {
    }

    /** Images row-major [n × 784]. */
    public record Images(float[] pixels, int count) {
    }

    public static Images read(Path file, int padding) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".png") ? readPngGrid(file, padding) : readIdx(file);
    }

    static Images readIdx(Path file) {
        IdxFile idx = IdxFile.read(file);
        if (idx.rank() != 3 || idx.dim(1) != LabelledImages.SIDE || idx.dim(2) != LabelledImages.SIDE) {
            throw new IllegalArgumentException(file + ": IDX shape " + java.util.Arrays.toString(idx.dims())
                    + ", expected [N, 28, 28]");
        }
        int n = idx.dim(0);
        float[] px = new float[n * LabelledImages.PIXELS];
        ByteBuffer data = ByteBuffer.wrap(idx.data()); // IDX is big-endian, ByteBuffer's default
        for (int i = 0; i < px.length; i++) {
            double v = switch (idx.type()) {
                case UNSIGNED_BYTE -> (data.get(i) & 0xFF) / 255.0;
                case FLOAT -> data.getFloat(i * 4);
                case DOUBLE -> data.getDouble(i * 8);
                default -> throw new IllegalArgumentException(file + ": IDX type " + idx.type()
                        + " (expected unsigned byte, float or double)");
            };
            if (!(v >= 0 && v <= 1)) {
                throw new IllegalArgumentException(file + ": value " + v + " of image " + i / LabelledImages.PIXELS
                        + " is outside [0, 1]");
            }
            px[i] = (float) v;
        }
        return new Images(px, n);
    }

    /** Labels from an IDX label file ({@code [N]} unsigned bytes 0..9). */
    public static int[] readLabels(Path file) {
        IdxFile idx = IdxFile.read(file);
        if (idx.rank() != 1 || idx.type() != IdxDataType.UNSIGNED_BYTE) {
            throw new IllegalArgumentException(file + ": expected an IDX [N] unsigned-byte label file");
        }
        int[] out = new int[idx.dim(0)];
        for (int i = 0; i < out.length; i++) {
            out[i] = idx.data()[i] & 0xFF;
            if (out[i] > 9) {
                throw new IllegalArgumentException(file + ": label " + out[i] + " at index " + i + " is outside 0..9");
            }
        }
        return out;
    }

    static Images readPngGrid(Path file, int padding) throws IOException {
        BufferedImage img = ImageIO.read(file.toFile());
        if (img == null) {
            throw new IllegalArgumentException(file + ": not a readable PNG");
        }
        int tile = LabelledImages.SIDE + padding;
        if ((img.getWidth() + padding) % tile != 0 || (img.getHeight() + padding) % tile != 0) {
            throw new IllegalArgumentException(file + ": " + img.getWidth() + "x" + img.getHeight() + " is not a grid "
                    + "of 28x28 tiles with padding " + padding + " (try --padding)");
        }
        int cols = (img.getWidth() + padding) / tile;
        int rows = (img.getHeight() + padding) / tile;
        int n = rows * cols;
        float[] px = new float[n * LabelledImages.PIXELS];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                int k = r * cols + c;
                for (int y = 0; y < LabelledImages.SIDE; y++) {
                    for (int x = 0; x < LabelledImages.SIDE; x++) {
                        int rgb = img.getRGB(c * tile + x, r * tile + y);
                        double v = (((rgb >> 16) & 0xFF) + ((rgb >> 8) & 0xFF) + (rgb & 0xFF)) / 3.0 / 255.0;
                        px[k * LabelledImages.PIXELS + y * LabelledImages.SIDE + x] = (float) v;
                    }
                }
            }
        }
        return new Images(px, n);
    }
}
