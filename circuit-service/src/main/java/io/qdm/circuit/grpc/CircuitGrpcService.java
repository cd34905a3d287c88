package io.qdm.circuit.grpc;

import io.qdm.circuit.config.CircuitConfig;
import io.qdm.circuit.mapping.ModelInfoMapper;
import io.qdm.circuit.registry.ModelRegistry;
import io.qdm.circuit.registry.RegisteredModel;
import io.qdm.circuit.service.QasmExport;
import io.qdm.circuit.service.ReverseProcess;
import io.qdm.proto.circuit.v1.CircuitService;
import io.qdm.proto.circuit.v1.DenoiseRequest;
import io.qdm.proto.circuit.v1.DenoiseResponse;
import io.qdm.proto.circuit.v1.ExportQasmRequest;
import io.qdm.proto.circuit.v1.ExportQasmResponse;
import io.qdm.proto.circuit.v1.GetModelRequest;
import io.qdm.proto.circuit.v1.ListModelsRequest;
import io.qdm.proto.circuit.v1.ListModelsResponse;
import io.qdm.proto.circuit.v1.ModelInfo;
import io.qdm.proto.circuit.v1.TrainProgress;
import io.qdm.proto.circuit.v1.TrainRequest;
import io.qdm.wire.GrpcStatuses;
import io.qdm.wire.Tensors;
import io.qdm.circuit.mapping.TrainRequestMapper;
import io.qdm.circuit.training.TrainingPlan;
import io.qdm.circuit.training.TrainingRunner;
import io.qdm.simulator.train.TrainingProgress;
import io.qdm.simulator.train.UpdatePattern;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import java.util.concurrent.atomic.AtomicBoolean;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;

/** gRPC transport of qdm.circuit.v1.CircuitService: maps requests in, delegates, maps replies and errors out. */
@GrpcService
public class CircuitGrpcService implements CircuitService {

    @Inject
    ModelRegistry registry;

    @Inject
    ReverseProcess reverseProcess;

    @Inject
    CircuitConfig config;

    /** Blocking: simulating a batch is CPU work that must stay off the event loop. */
    @Override
    @Blocking
    public Uni<DenoiseResponse> denoise(DenoiseRequest request) {
        return Uni.createFrom().item(() -> denoiseNow(request)).onFailure().transform(GrpcStatuses::toStatus);
    }

    private DenoiseResponse denoiseNow(DenoiseRequest request) {
        if (request.getModel().getName().isEmpty()) {
            throw new IllegalArgumentException("model.name: missing");
        }
        RegisteredModel model = registry.require(request.getModel().getName(), request.getModel().getVersion());
        int dimension = model.spec().dataDimension();
        if (!request.hasStates()) {
            throw new IllegalArgumentException("states: missing");
        }
        double[][] states = Tensors.decodeComplexRows(request.getStates(), "states", dimension);
        int rows = states.length;
        if (rows > config.maxBatch()) {
            throw new IllegalArgumentException("states: " + rows + " rows exceed the limit of " + config.maxBatch()
                    + " per call; split the batch with first_sample_index");
        }
        int[] labels = request.getLabelsList().stream().mapToInt(Integer::intValue).toArray();
        int steps = request.getSteps() == 0 ? 1 : request.getSteps();
        double[][] out = reverseProcess.denoise(model, states, labels, request.getTimestep(), steps, request.getSeed(),
                request.getFirstSampleIndex());
        return DenoiseResponse.newBuilder()
                .setRequestId(request.getMeta().getRequestId())
                .setModel(ModelInfoMapper.ref(model))
                .setStates(Tensors.complexRows(out, dimension))
                .build();
    }

    @Inject
    TrainingRunner trainingRunner;

    /**
     * Streams progress while a worker thread trains; cancelling the call (or its deadline passing) stops training
     * after the current optimiser step, and nothing is published.
     */
    @Override
    public Multi<TrainProgress> train(TrainRequest request) {
        TrainingPlan plan;
        try {
            plan = TrainRequestMapper.toPlan(request);
        } catch (IllegalArgumentException e) {
            return Multi.createFrom().failure(GrpcStatuses.toStatus(e));
        }
        long batches = plan.datasetSize() / plan.batchSize();
        long stepsTotal = plan.epochs() * batches
                * (plan.config().pattern() == UpdatePattern.ONE_STEP_PER_TIMESTEP ? plan.spec().timesteps() : 1);
        return Multi.createFrom().emitter(emitter -> {
            AtomicBoolean cancelled = new AtomicBoolean();
            emitter.onTermination(() -> cancelled.set(true));
            Infrastructure.getDefaultWorkerPool().execute(() -> {
                try {
                    RegisteredModel model = trainingRunner.run(plan,
                            p -> emitter.emit(progress(plan, p, stepsTotal).build()), cancelled::get);
                    if (model != null) {
                        emitter.emit(TrainProgress.newBuilder().setRequestId(plan.requestId())
                                .setEpoch(plan.epochs()).setEpochs(plan.epochs())
                                .setStep(stepsTotal).setStepsTotal(stepsTotal)
                                .setLoss(model.metrics().get("final_loss"))
                                .setPublished(ModelInfoMapper.toInfo(model)).build());
                        emitter.complete();
                    }
                } catch (Throwable t) {
                    emitter.fail(GrpcStatuses.toStatus(t));
                }
            });
        });
    }

    private static TrainProgress.Builder progress(TrainingPlan plan, TrainingProgress p, long stepsTotal) {
        return TrainProgress.newBuilder().setRequestId(plan.requestId())
                .setEpoch(p.epoch() + 1).setEpochs(plan.epochs())
                .setStep(p.step()).setStepsTotal(stepsTotal)
                .setLoss(p.loss()).setLearningRate(p.learningRate())
                .setSamplesPerSecond(p.samplesPerSecond()).setEtaSeconds(p.etaSeconds());
    }

    @Override
    public Uni<ListModelsResponse> listModels(ListModelsRequest request) {
        ListModelsResponse.Builder response = ListModelsResponse.newBuilder();
        registry.list(request.getName()).forEach(m -> response.addModels(ModelInfoMapper.toInfo(m)));
        return Uni.createFrom().item(response.build());
    }

    @Override
    public Uni<ModelInfo> getModel(GetModelRequest request) {
        return Uni.createFrom().item(() -> ModelInfoMapper.toInfo(
                        registry.require(request.getModel().getName(), request.getModel().getVersion())))
                .onFailure().transform(GrpcStatuses::toStatus);
    }

    @Override
    public Uni<ExportQasmResponse> exportQasm(ExportQasmRequest request) {
        return Uni.createFrom().item(() -> {
            RegisteredModel model = registry.require(request.getModel().getName(), request.getModel().getVersion());
            QasmExport.Flavor flavor = switch (request.getFlavor()) {
                case QASM_FLAVOR_UNSPECIFIED, QASM_FLAVOR_QASM3_BOUND -> QasmExport.Flavor.QASM3_BOUND;
                case QASM_FLAVOR_QASM3_PARAMETRIC -> QasmExport.Flavor.QASM3_PARAMETRIC;
                case QASM_FLAVOR_QASM2 -> QasmExport.Flavor.QASM2;
                default -> throw new IllegalArgumentException("flavor: unknown value " + request.getFlavorValue());
            };
            QasmExport.Program program = QasmExport.export(model, flavor, request.getTimestep(), request.getLabel());
            return ExportQasmResponse.newBuilder().setModel(ModelInfoMapper.ref(model))
                    .setQasm(program.qasm()).setParametersJson(program.parametersJson()).build();
        }).onFailure().transform(GrpcStatuses::toStatus);
    }
}
