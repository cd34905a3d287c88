package io.qdm.latent.export;

import io.qdm.datasets.DataDirectory;
import io.qdm.latent.model.AutoencoderModel;
import io.qdm.latent.training.MnistImages;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Encodes the 70,000 merged MNIST images with the shipped (or a given) autoencoder:
 * {@code ExportLatentsMain [--model DIR] [--data-dir DIR] [--out DIR]}; default output {@code out/latents}.
 */
public final class ExportLatentsMain {
    private ExportLatentsMain() {
    }

    public static void main(String[] args) throws Exception {
        Path modelDir = null;
        Path dataDir = DataDirectory.resolveDefault();
        Path out = Path.of("out", "latents");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--model" -> modelDir = Path.of(args[++i]);
                case "--data-dir" -> dataDir = Path.of(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                default -> {
                    System.err.println("error: unknown argument '" + args[i]
                            + "'\nusage: ExportLatentsMain [--model DIR] [--data-dir DIR] [--out DIR]");
                    System.exit(2);
                }
            }
        }
        long t0 = System.nanoTime();
        MnistImages data = MnistImages.loadMerged(dataDir);
        try (AutoencoderModel model = modelDir == null ? AutoencoderModel.loadShipped()
                : AutoencoderModel.load(modelDir)) {
            LatentDataset meta = LatentDataset.export(model, data, out);
            System.out.printf(Locale.ROOT, "%d latents of dimension %d → %s (%.1f s)%n%s%n", meta.count(),
                    meta.latentDim(), out.toAbsolutePath(), (System.nanoTime() - t0) / 1e9,
                    java.nio.file.Files.readString(out.resolve(LatentDataset.SIDECAR)));
        }
    }
}
