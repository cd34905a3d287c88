package io.qdm.circuit.mapping;

import io.qdm.proto.common.v1.ModelRef;
import io.qdm.proto.noise.v1.DatasetSpec;
import io.qdm.proto.noise.v1.PairKind;
import io.qdm.proto.noise.v1.TrainingPairsRequest;
import io.qdm.circuit.training.TrainingPlan;
import io.qdm.proto.circuit.v1.AnsatzSpec;
import io.qdm.proto.circuit.v1.TrainRequest;
import io.qdm.proto.circuit.v1.TrainingConfig;
import io.qdm.simulator.circuit.BlockAnsatz;
import io.qdm.simulator.model.AncillaMode;
import io.qdm.simulator.model.Architecture;
import io.qdm.simulator.model.DenoiserSpec;
import io.qdm.simulator.model.ParameterSharing;
import io.qdm.simulator.train.NoiseSchedule;
import io.qdm.simulator.train.StepLrSchedule;
import io.qdm.simulator.train.UpdatePattern;

/**
 * Proto {@code TrainRequest} → {@link TrainingPlan}, applying the authors' defaults (notes §4.1) for every field left
 * at zero: SEL reverse bottleneck [15, 20, 15] with sampled ancilla measurement, 3 data + 4 label qubits, shared
 * parameters, T = 8 linear 4e-3..0.4, Adam lr 5e-4, StepLR(20, 0.7), batch 64, 100 epochs, 2048 samples, uniform init.
 */
public final class TrainRequestMapper {

    /** The in-process stand-in dataset (tests, benchmarks); every other dataset name is streamed from noise-service. */
    public static final String SYNTHETIC_LATENT = "synthetic-latent";
    /** The autoencoder latents of MNIST, served by noise-service from latent-service's export. */
    public static final String LATENT = "latent";
    /** Length of the shipped autoencoder's latent vectors (3 qubits). */
    public static final int LATENT_DIMENSION = 8;
    /** The shipped autoencoder (latent-service). */
    public static final ModelRef DEFAULT_AUTOENCODER = ModelRef.newBuilder().setName("mnist-autoencoder").setVersion("2")
            .build();
    public static final int MAX_EPOCHS = 10_000;

    private TrainRequestMapper() {
    }

    public static TrainingPlan toPlan(TrainRequest request) {
        if (request.getModelName().isBlank() || !request.getModelName().matches("[a-z0-9][a-z0-9-]*")) {
            throw new IllegalArgumentException("model_name: must be lower-case letters, digits and '-', got '"
                    + request.getModelName() + "'");
        }
        AnsatzSpec a = request.getAnsatz();
        int timesteps = request.getSchedule().getTimesteps() == 0 ? 8 : request.getSchedule().getTimesteps();
        DenoiserSpec spec;
        try {
            spec = new DenoiserSpec(
                    a.getDataQubits() == 0 ? 3 : a.getDataQubits(),
                    a.getDataQubits() == 0 && a.getLabelQubits() == 0 ? 4 : a.getLabelQubits(),
                    switch (a.getArchitecture()) {
                        case ARCHITECTURE_UNSPECIFIED, ARCHITECTURE_REVERSE_BOTTLENECK -> Architecture.REVERSE_BOTTLENECK;
                        case ARCHITECTURE_BOTTLENECK -> Architecture.BOTTLENECK;
                        default -> throw new IllegalArgumentException("ansatz.architecture: " + a.getArchitecture()
                                + " is not supported by the simulator's denoisers");
                    },
                    a.getBlock() == io.qdm.proto.circuit.v1.BlockKind.BLOCK_KIND_IDENTITY_R3
                            ? BlockAnsatz.IDENTITY_R3 : BlockAnsatz.STRONGLY_ENTANGLING,
                    layer(a, 0, 15), layer(a, 1, 20), layer(a, 2, 15),
                    a.getAncillaMode() == io.qdm.proto.circuit.v1.AncillaMode.ANCILLA_MODE_POSTSELECT
                            ? AncillaMode.POSTSELECT_ZERO : AncillaMode.SAMPLED_MEASUREMENT,
                    a.getPerTimestepParameters() ? ParameterSharing.PER_TIMESTEP : ParameterSharing.SHARED,
                    timesteps);
        } catch (IllegalArgumentException e) {
            throw e.getMessage().contains(":") ? e : new IllegalArgumentException("ansatz: " + e.getMessage(), e);
        }
        double beta0 = request.getSchedule().getBetaStart() == 0 ? 4e-3 : request.getSchedule().getBetaStart();
        double betaT = request.getSchedule().getBetaEnd() == 0 ? 0.4 : request.getSchedule().getBetaEnd();
        NoiseSchedule schedule;
        try {
            schedule = new NoiseSchedule(timesteps, beta0, betaT);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("schedule: " + e.getMessage(), e);
        }
        TrainingConfig c = request.getConfig();
        int epochs = c.getEpochs() == 0 ? 100 : c.getEpochs();
        if (epochs < 1 || epochs > MAX_EPOCHS) {
            throw new IllegalArgumentException("config.epochs: must be in [1, " + MAX_EPOCHS + "], got " + epochs);
        }
        int batch = c.getBatchSize() == 0 ? 64 : c.getBatchSize();
        if (batch < 1 || batch > 4096) {
            throw new IllegalArgumentException("config.batch_size: must be in [1, 4096], got " + batch);
        }
        double lr = c.getLearningRate() == 0 ? 5e-4 : c.getLearningRate();
        if (!(lr > 0) || !Double.isFinite(lr)) {
            throw new IllegalArgumentException("config.learning_rate: must be a positive finite number, got " + lr);
        }
        StepLrSchedule steps = new StepLrSchedule(lr, c.getLrStepEpochs() == 0 ? 20 : c.getLrStepEpochs(),
                c.getLrGamma() == 0 ? 0.7 : c.getLrGamma());
        UpdatePattern pattern = c.getUpdatePattern() == io.qdm.proto.circuit.v1.UpdatePattern.UPDATE_PATTERN_ALL_TIMESTEPS
                ? UpdatePattern.ALL_TIMESTEPS_ONE_STEP : UpdatePattern.ONE_STEP_PER_TIMESTEP;
        double sigma = c.getInit() == io.qdm.proto.circuit.v1.InitKind.INIT_KIND_NORMAL
                ? (c.getInitSigma() == 0 ? 0.7 : c.getInitSigma()) : 0.0;
        String dataset = request.getDataset().getName().isEmpty() ? SYNTHETIC_LATENT : request.getDataset().getName();
        int size = request.getDataset().getLimit() == 0 ? 2048 : request.getDataset().getLimit();
        if (size < batch) {
            throw new IllegalArgumentException("dataset.limit: " + size + " samples are fewer than one batch of " + batch);
        }
        io.qdm.simulator.train.TrainingConfig trainingConfig =
                new io.qdm.simulator.train.TrainingConfig(steps, c.getWeightDecay(), pattern, c.getSeed());
        if (SYNTHETIC_LATENT.equals(dataset)) {
            return new TrainingPlan(request.getModelName(), request.getMeta().getRequestId(), spec, schedule,
                    trainingConfig, dataset, size, batch, epochs, sigma, c.getSeed(), null, "");
        }
        checkDatasetFitsCircuit(request.getDataset(), spec.dataDimension(), spec.dataQubits());
        PairKind kind = request.getPairKind() == PairKind.PAIR_KIND_UNSPECIFIED ? PairKind.PAIR_KIND_ONE_STEP
                : request.getPairKind();
        String autoencoder = "";
        DatasetSpec.Builder data = request.getDataset().toBuilder().setLimit(size);
        if (LATENT.equals(dataset)) {
            ModelRef ae = request.getDataset().getAutoencoder();
            if (ae.getName().isEmpty()) {
                ae = DEFAULT_AUTOENCODER;
                data.setAutoencoder(ae);
            }
            autoencoder = ae.getName() + ":" + (ae.getVersion().isEmpty() ? "1" : ae.getVersion());
            if (data.getSplit().isEmpty()) {
                data.setSplit("merged");
            }
        }
        int first = kind == PairKind.PAIR_KIND_POSTERIOR_MEAN ? 1 : 0;
        TrainingPairsRequest.Builder pairs = TrainingPairsRequest.newBuilder()
                .setDataset(data)
                .setSchedule(request.getSchedule().toBuilder().setTimesteps(timesteps).setBetaStart(beta0)
                        .setBetaEnd(betaT))
                .setPairKind(kind)
                .setSeed(c.getSeed())
                .setBatchSize(batch)
                .setEpochs(epochs);
        for (int t = 0; t < timesteps; t++) {
            pairs.addTimesteps(first + t);
        }
        return new TrainingPlan(request.getModelName(), request.getMeta().getRequestId(), spec, schedule,
                trainingConfig, dataset, size, batch, epochs, sigma, c.getSeed(), pairs.build(), autoencoder);
    }

    /** Amplitudes per sample of a noise-service dataset must equal the circuit's 2^data_qubits. */
    private static void checkDatasetFitsCircuit(DatasetSpec data, int dimension, int dataQubits) {
        int amplitudes;
        switch (data.getName()) {
            case LATENT -> amplitudes = LATENT_DIMENSION;
            case "mnist", "fashion-mnist" -> {
                int side = data.getResolution() == 0 ? 28 : data.getResolution();
                amplitudes = side * side;
            }
            default -> throw new IllegalArgumentException("dataset.name: unknown dataset '" + data.getName()
                    + "' (expected latent, mnist, fashion-mnist or " + SYNTHETIC_LATENT + ")");
        }
        if (amplitudes != dimension) {
            throw new IllegalArgumentException("dataset: '" + data.getName() + "' samples have " + amplitudes
                    + " amplitudes, the circuit's " + dataQubits + " data qubits hold " + dimension
                    + " (pixel datasets: resolution 8 for 6 data qubits, 16 for 8)");
        }
    }

    private static int layer(AnsatzSpec a, int i, int fallback) {
        if (a.getLayersCount() == 0) {
            return fallback;
        }
        if (a.getLayersCount() != 3) {
            throw new IllegalArgumentException("ansatz.layers: expected 3 layer counts (S1, X, S2), got "
                    + a.getLayersList());
        }
        return a.getLayers(i);
    }
}
