package io.qdm.latent.training;

import io.qdm.latent.model.AutoencoderConfig;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

/** A PNG grid: originals in the top row, their reconstructions below, each 28×28 image scaled up. */
public final class ComparisonImage {
    private ComparisonImage() {
    }

    /**
     * @param originals       {@code [n][784]} in [0, 1]
     * @param reconstructions {@code [n][784]} in [0, 1]
     * @param scale           pixels per image pixel (≥ 1)
     */
    public static void write(double[][] originals, double[][] reconstructions, int scale, Path file)
            throws IOException {
        int side = AutoencoderConfig.IMAGE_SIDE;
        int n = originals.length;
        int gap = scale * 2;
        BufferedImage img = new BufferedImage(n * (side * scale + gap) + gap, 2 * (side * scale + gap) + gap,
                BufferedImage.TYPE_BYTE_GRAY);
        var g = img.createGraphics();
        g.setColor(java.awt.Color.GRAY);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.dispose();
        for (int i = 0; i < n; i++) {
            paint(img, originals[i], gap + i * (side * scale + gap), gap, scale);
            paint(img, reconstructions[i], gap + i * (side * scale + gap), 2 * gap + side * scale, scale);
        }
        if (!ImageIO.write(img, "png", file.toFile())) {
            throw new IOException("no PNG writer available for " + file);
        }
    }

    private static void paint(BufferedImage img, double[] px, int x0, int y0, int scale) {
        int side = AutoencoderConfig.IMAGE_SIDE;
        var raster = img.getRaster();
        for (int r = 0; r < side; r++) {
            for (int c = 0; c < side; c++) {
                int v = (int) Math.round(Math.max(0, Math.min(1, px[r * side + c])) * 255);
                for (int dy = 0; dy < scale; dy++) {
                    for (int dx = 0; dx < scale; dx++) {
                        raster.setSample(x0 + c * scale + dx, y0 + r * scale + dy, 0, v);
                    }
                }
            }
        }
    }
}
