package io.qdm.latent.training;

/**
 * Hyper-parameters of one autoencoder training run. Defaults are the authors' (paper notes §5,
 * {@code A:Autoencoder/train_autoencoder.py}): Adam 1e-3, batch 32, StepLR(20, 0.7), HuberLoss δ = 1, random 80/20
 * split of the 70k merged MNIST images, 100 epochs.
 *
 * @param limit              use only the first {@code limit} images of the seeded permutation of the data (0 = all);
 *                           for quick runs and tests
 * @param validationFraction fraction of the (limited) data held out for validation and best-checkpoint selection
 */
public record TrainingConfig(
        int epochs,
        int batchSize,
        double learningRate,
        long seed,
        int latentDim,
        int limit,
        int stepLrEpochs,
        double stepLrGamma,
        double huberDelta,
        double validationFraction) {

    public static final int DEFAULT_EPOCHS = 100;
    public static final int DEFAULT_BATCH_SIZE = 32;
    public static final double DEFAULT_LEARNING_RATE = 1e-3;
    public static final long DEFAULT_SEED = 42;

    public TrainingConfig {
        require(epochs >= 1, "epochs", epochs, "must be ≥ 1");
        require(batchSize >= 2, "batchSize", batchSize, "must be ≥ 2 (BatchNorm needs two images per batch)");
        require(learningRate > 0 && Double.isFinite(learningRate), "learningRate", learningRate, "must be > 0");
        require(limit >= 0, "limit", limit, "must be ≥ 0 (0 = all images)");
        require(stepLrEpochs >= 1, "stepLrEpochs", stepLrEpochs, "must be ≥ 1");
        require(stepLrGamma > 0 && stepLrGamma <= 1, "stepLrGamma", stepLrGamma, "must be in (0, 1]");
        require(huberDelta > 0 && Double.isFinite(huberDelta), "huberDelta", huberDelta, "must be > 0");
        require(validationFraction > 0 && validationFraction < 1, "validationFraction", validationFraction,
                "must be in (0, 1)");
    }

    /** The authors' recipe with latent size 8 and seed {@link #DEFAULT_SEED}. */
    public static TrainingConfig authors() {
        return new TrainingConfig(DEFAULT_EPOCHS, DEFAULT_BATCH_SIZE, DEFAULT_LEARNING_RATE, DEFAULT_SEED, 8, 0, 20,
                0.7, 1.0, 0.2);
    }

    public TrainingConfig withEpochs(int e) {
        return new TrainingConfig(e, batchSize, learningRate, seed, latentDim, limit, stepLrEpochs, stepLrGamma,
                huberDelta, validationFraction);
    }

    public TrainingConfig withLimit(int l) {
        return new TrainingConfig(epochs, batchSize, learningRate, seed, latentDim, l, stepLrEpochs, stepLrGamma,
                huberDelta, validationFraction);
    }

    public TrainingConfig withSeed(long s) {
        return new TrainingConfig(epochs, batchSize, learningRate, s, latentDim, limit, stepLrEpochs, stepLrGamma,
                huberDelta, validationFraction);
    }

    /** The model shape this run trains. */
    public io.qdm.latent.model.AutoencoderConfig latentDimConfig() {
        return new io.qdm.latent.model.AutoencoderConfig(latentDim);
    }

    private static void require(boolean ok, String field, Object value, String rule) {
        if (!ok) {
            throw new IllegalArgumentException(field + ": " + value + " " + rule);
        }
    }
}
