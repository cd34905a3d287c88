package io.qdm.latent.training;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Optimizer;
import io.qdm.latent.model.AutoencoderConfig;
import io.qdm.latent.model.AutoencoderModel;
import io.qdm.latent.model.HuberLoss;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Trains the autoencoder with the authors' recipe (paper notes §5): HuberLoss, Adam, StepLR per epoch, shuffled
 * mini-batches, a seeded 80/20 split, and the checkpoint with the lowest validation loss kept.
 *
 * <p>Reproducibility: the engine is seeded with {@code Engine.setRandomSeed(seed)} before the model is built
 * (parameter initialisation, {@code torch.manual_seed}); the split and the per-epoch batch order come from
 * {@link SplittableRandom}s derived from the seed and the epoch, so a resumed run sees the same batches. Bit
 * reproducibility of the weights additionally needs the same thread count (djl-offline.md §4.6).
 *
 * <p>Checkpoints: {@code <out>/checkpoint/last} after every epoch and {@code <out>/checkpoint/best} whenever the
 * validation Huber loss improves ({@link TrainingCheckpoint}).
 */
public final class AutoencoderTrainer {
    public static final String CHECKPOINT_DIR = "checkpoint";
    public static final String LAST = "last";
    public static final String BEST = "best";

    private AutoencoderTrainer() {
    }

    /**
     * Trains (or, with {@code resume}, continues from {@code <out>/checkpoint/last}) and returns the result; the
     * best model stays on disk in {@link TrainingResult#bestWeightsDir()}.
     */
    public static TrainingResult train(MnistImages data, TrainingConfig cfg, Path outDir, boolean resume,
            TrainingProgress progress) throws IOException {
        long wallStart = System.nanoTime();
        AutoencoderConfig ac = new AutoencoderConfig(cfg.latentDim());
        Path lastDir = outDir.resolve(CHECKPOINT_DIR).resolve(LAST);
        Path bestDir = outDir.resolve(CHECKPOINT_DIR).resolve(BEST);
        SeededSplit split = SeededSplit.of(data.count(), cfg.limit(), cfg.validationFraction(), cfg.seed());

        Engine.getInstance().setRandomSeed((int) cfg.seed());
        Model model = AutoencoderModel.newDjlModel(ac);
        int startEpoch = 0;
        int bestEpoch = 0;
        double bestHuber = Double.POSITIVE_INFINITY;
        double priorTrainSeconds = 0;
        long priorImages = 0;
        double priorWall = 0;
        if (resume) {
            TrainingCheckpoint cp = TrainingCheckpoint.read(lastDir);
            if (cp == null) {
                throw new IOException("resume: no checkpoint in " + lastDir);
            }
            cp.requireCompatible(cfg, lastDir);
            try {
                model.load(lastDir, AutoencoderModel.MODEL_NAME);
            } catch (MalformedModelException e) {
                throw new IOException("resume: " + lastDir + ": " + e.getMessage(), e);
            }
            startEpoch = cp.epochsCompleted();
            bestEpoch = cp.bestEpoch();
            bestHuber = cp.bestValidationHuber();
            priorTrainSeconds = cp.trainSeconds();
            priorImages = cp.trainImages();
            priorWall = cp.wallSeconds();
        }

        HuberLoss loss = new HuberLoss((float) cfg.huberDelta());
        StepLrSchedule lr = new StepLrSchedule(cfg.learningRate(), cfg.stepLrEpochs(), cfg.stepLrGamma());
        DefaultTrainingConfig tc = new DefaultTrainingConfig(loss)
                .optOptimizer(Optimizer.adam().optLearningRateTracker(lr).build());
        List<EpochResult> history = new ArrayList<>();
        int[] train = split.train();
        int batchSize = cfg.batchSize();
        // A last batch of one image cannot be trained with BatchNorm in training mode; it is dropped.
        int batches = train.length / batchSize + (train.length % batchSize >= 2 ? 1 : 0);
        long batchesThisRun = (long) (cfg.epochs() - startEpoch) * batches;
        long batchesDone = 0;
        long imagesDone = 0;
        double trainSeconds = 0;

        try (Trainer trainer = model.newTrainer(tc)) {
            trainer.initialize(new Shape(batchSize, 1, AutoencoderConfig.IMAGE_SIDE, AutoencoderConfig.IMAGE_SIDE));
            AutoencoderModel view = AutoencoderModel.wrap(model, ac); // not closed here: the model is closed below
            for (int epoch = startEpoch; epoch < cfg.epochs(); epoch++) {
                long epochStart = System.nanoTime();
                lr.setEpoch(epoch);
                int[] order = shuffled(train, epochSeed(cfg.seed(), epoch));
                double lossSum = 0;
                for (int b = 0; b < batches; b++) {
                    long t0 = System.nanoTime();
                    int from = b * batchSize;
                    int n = Math.min(batchSize, order.length - from);
                    float batchLoss;
                    try (NDManager sub = trainer.getManager().newSubManager()) {
                        NDArray x = sub.create(data.gather(order, from, n),
                                new Shape(n, 1, AutoencoderConfig.IMAGE_SIDE, AutoencoderConfig.IMAGE_SIDE));
                        try (GradientCollector gc = trainer.newGradientCollector()) {
                            NDArray xHat = trainer.forward(new NDList(x)).singletonOrThrow();
                            NDArray l = loss.evaluate(new NDList(x), new NDList(xHat));
                            gc.backward(l);
                            batchLoss = l.getFloat();
                        }
                        trainer.step();
                    }
                    if (!Float.isFinite(batchLoss)) {
                        throw new IllegalStateException("training diverged: loss " + batchLoss + " at epoch "
                                + (epoch + 1) + " batch " + (b + 1));
                    }
                    trainSeconds += (System.nanoTime() - t0) / 1e9;
                    batchesDone++;
                    imagesDone += n;
                    lossSum += batchLoss;
                    double ips = imagesDone / Math.max(trainSeconds, 1e-9);
                    double eta = trainSeconds / batchesDone * (batchesThisRun - batchesDone);
                    progress.onBatch(epoch + 1, cfg.epochs(), b + 1, batches, batchLoss, ips, eta);
                }
                ReconstructionMetrics val = ReconstructionMetrics.measure(view, data, split.validation(),
                        cfg.huberDelta());
                boolean best = val.huber() < bestHuber;
                if (best) {
                    bestHuber = val.huber();
                    bestEpoch = epoch + 1;
                }
                TrainingCheckpoint cp = new TrainingCheckpoint(epoch + 1, bestEpoch, bestHuber,
                        priorTrainSeconds + trainSeconds, priorImages + imagesDone,
                        priorWall + (System.nanoTime() - wallStart) / 1e9, cfg);
                cp.write(view, lastDir);
                if (best) {
                    cp.write(view, bestDir);
                }
                EpochResult r = new EpochResult(epoch + 1, lossSum / batches, val, lr.rateAt(epoch),
                        (System.nanoTime() - epochStart) / 1e9, best);
                history.add(r);
                progress.onEpoch(r);
            }
        } finally {
            model.close();
        }
        ReconstructionMetrics bestVal;
        try (AutoencoderModel best = loadCheckpoint(bestDir, ac)) {
            bestVal = ReconstructionMetrics.measure(best, data, split.validation(), cfg.huberDelta());
        }
        double totalTrain = priorTrainSeconds + trainSeconds;
        return new TrainingResult(cfg, split, bestDir, cfg.epochs(), bestEpoch, bestVal, totalTrain,
                priorWall + (System.nanoTime() - wallStart) / 1e9,
                (priorImages + imagesDone) / Math.max(totalTrain, 1e-9), history);
    }

    /** Loads the parameters of a checkpoint directory (no manifest, no hash check: our own fresh output). */
    public static AutoencoderModel loadCheckpoint(Path dir, AutoencoderConfig ac) throws IOException {
        Model m = AutoencoderModel.newDjlModel(ac);
        try {
            m.load(dir, AutoencoderModel.MODEL_NAME);
        } catch (MalformedModelException | RuntimeException e) {
            m.close();
            throw new IOException(dir + ": " + e.getMessage(), e);
        }
        return AutoencoderModel.wrap(m, ac);
    }

    static long epochSeed(long seed, int epoch) {
        return seed * 0x9E3779B97F4A7C15L + epoch + 1;
    }

    private static int[] shuffled(int[] indices, long seed) {
        int[] perm = SeededSplit.permutation(indices.length, new SplittableRandom(seed));
        int[] out = new int[indices.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = indices[perm[i]];
        }
        return out;
    }
}
