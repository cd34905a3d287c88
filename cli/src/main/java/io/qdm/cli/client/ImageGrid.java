package io.qdm.cli.client;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes a batch of grey images ([N, H, W] values in [0, 1]) as one PNG grid, row-major, {@code columns} wide. */
public final class ImageGrid {

    private ImageGrid() {
    }

    public static void write(float[] pixels, int count, int height, int width, int columns, Path out) throws IOException {
        if ((long) count * height * width > pixels.length) {
            throw new IllegalArgumentException("images: " + pixels.length + " values hold fewer than " + count + " images of "
                    + height + "x" + width);
        }
        int cols = Math.max(1, Math.min(columns, count));
        int rows = (count + cols - 1) / cols;
        int pad = 2;
        BufferedImage img = new BufferedImage(cols * (width + pad) + pad, rows * (height + pad) + pad,
                BufferedImage.TYPE_BYTE_GRAY);
        for (int n = 0; n < count; n++) {
            int ox = pad + (n % cols) * (width + pad);
            int oy = pad + (n / cols) * (height + pad);
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    float v = pixels[(n * height + y) * width + x];
                    int g = Math.round(Math.max(0f, Math.min(1f, v)) * 255f);
                    img.getRaster().setSample(ox + x, oy + y, 0, g);
                }
            }
        }
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (!ImageIO.write(img, "png", out.toFile())) {
            throw new IOException("no PNG writer available");
        }
    }
}
