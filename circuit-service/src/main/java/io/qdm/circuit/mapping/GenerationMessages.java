package io.qdm.circuit.mapping;

import io.qdm.circuit.generation.GenerationOrder;
import io.qdm.circuit.generation.GenerationPlan;
import io.qdm.circuit.generation.ModelShape;
import io.qdm.circuit.registry.RegisteredModel;
import io.qdm.proto.common.v1.ErrorDetail;
import io.qdm.proto.common.v1.JobState;
import io.qdm.proto.common.v1.ModelRef;
import io.qdm.proto.generation.v1.GenerateRequest;
import io.qdm.proto.generation.v1.GenerationPlanned;
import io.qdm.proto.generation.v1.GenerationRequested;
import io.qdm.proto.generation.v1.GenerationStatus;
import io.qdm.proto.generation.v1.StateBatch;
import io.qdm.wire.GrpcStatuses;
import io.qdm.wire.Tensors;

/** Proto ↔ domain mapping of the generation pipeline's circuit stages. */
public final class GenerationMessages {

    public static final String STAGE = "circuit";

    private GenerationMessages() {
    }

    public static GenerationOrder toOrder(GenerationRequested requested) {
        GenerateRequest r = requested.getRequest();
        int[] labels = r.hasLabels() ? r.getLabels().getValuesList().stream().mapToInt(Integer::intValue).toArray() : null;
        double[] weights = r.hasClassDistribution()
                ? r.getClassDistribution().getWeightsList().stream().mapToDouble(Double::doubleValue).toArray() : null;
        return new GenerationOrder(requested.getJobId(), r.getMeta().getRequestId(), r.getModel().getName(),
                r.getModel().getVersion(), r.getCount(), labels, weights, r.getSeed(), r.getBatchSize());
    }

    public static ModelShape shape(RegisteredModel model) {
        return new ModelShape(model.name(), model.version(), model.spec().dataDimension(), model.classes(),
                model.spec().timesteps());
    }

    /** The planned job; request fields the later stages need (backend, output) are passed on unchanged. */
    public static GenerationPlanned toPlanned(GenerationPlan plan, GenerateRequest request) {
        GenerationPlanned.Builder b = GenerationPlanned.newBuilder()
                .setJobId(plan.jobId())
                .setRequestId(plan.requestId())
                .setModel(ModelRef.newBuilder().setName(plan.modelName()).setVersion(plan.modelVersion()))
                .setStateDimension(plan.stateDimension())
                .setCount(plan.count())
                .setBatchSize(plan.batchSize())
                .setBatchesTotal(plan.batchesTotal())
                .setSeed(plan.seed())
                .setBackend(request.getBackend())
                .setQpuProvider(request.getQpuProvider())
                .setQpuDevice(request.getQpuDevice())
                .setOutput(request.getOutput())
                .setMetricsRunId(plan.jobId());
        for (int label : plan.labels()) {
            b.addLabels(label);
        }
        return b.build();
    }

    public static GenerationStatus accepted(GenerationPlan plan, long nowMs) {
        return GenerationStatus.newBuilder()
                .setJobId(plan.jobId())
                .setState(JobState.JOB_STATE_ACCEPTED)
                .setStage(STAGE)
                .setBatchIndex(-1)
                .setBatchesTotal(plan.batchesTotal())
                .setSamplesTotal(plan.count())
                .setAtMs(nowMs)
                .build();
    }

    public static GenerationStatus failed(String jobId, int batchIndex, IllegalArgumentException reason, long nowMs) {
        String message = reason.getMessage();
        return GenerationStatus.newBuilder()
                .setJobId(jobId)
                .setState(JobState.JOB_STATE_FAILED)
                .setStage(STAGE)
                .setBatchIndex(batchIndex)
                .setError(ErrorDetail.newBuilder().setCode("INVALID_ARGUMENT").setMessage(message)
                        .setField(GrpcStatuses.fieldOf(message)))
                .setAtMs(nowMs)
                .build();
    }

    /** Decodes a batch's rows, checking the column count against the model. */
    public static double[][] rows(StateBatch batch, int dimension) {
        return Tensors.decodeComplexRows(batch.getStates(), "states", dimension);
    }

    /** A batch's labels, one per row (empty for unconditioned models). */
    public static int[] labels(StateBatch batch) {
        return batch.getLabelsList().stream().mapToInt(Integer::intValue).toArray();
    }

    /** The denoised batch: same job, batch and sample indices, new states. */
    public static StateBatch denoised(StateBatch noised, double[][] rows, RegisteredModel model) {
        return noised.toBuilder()
                .setModel(ModelInfoMapper.ref(model))
                .setStates(Tensors.complexRows(rows, model.spec().dataDimension()))
                .build();
    }
}
