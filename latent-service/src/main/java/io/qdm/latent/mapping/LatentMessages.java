package io.qdm.latent.mapping;

import io.qdm.latent.service.AutoencoderDescription;
import io.qdm.latent.service.AutoencoderRef;
import io.qdm.latent.service.LatentDatasetExport;
import io.qdm.proto.common.v1.ModelRef;
import io.qdm.proto.common.v1.ErrorDetail;
import io.qdm.proto.common.v1.JobState;
import io.qdm.proto.generation.v1.GenerationStatus;
import io.qdm.proto.generation.v1.ImageBatch;
import io.qdm.proto.generation.v1.OutputKind;
import io.qdm.proto.generation.v1.StateBatch;
import io.qdm.proto.latent.v1.AutoencoderInfo;
import io.qdm.proto.latent.v1.LatentDatasetChunk;
import io.qdm.wire.Tensors;

/** Proto messages of qdm.latent.v1 and qdm.generation.v1 ↔ the service layer's types. */
public final class LatentMessages {

    private LatentMessages() {
    }

    public static ModelRef modelRef(AutoencoderRef ref) {
        return ModelRef.newBuilder().setName(ref.name()).setVersion(ref.version()).build();
    }

    public static AutoencoderInfo info(AutoencoderDescription d) {
        return AutoencoderInfo.newBuilder()
                .setAutoencoder(modelRef(d.ref()))
                .setLatentDim(d.latentDim())
                .setImageHeight(d.imageHeight())
                .setImageWidth(d.imageWidth())
                .setWeightsSha256(d.weightsSha256())
                .setEngine(d.engine())
                .putAllMetrics(d.metrics())
                .putAllProvenance(d.provenance())
                .build();
    }

    /**
     * The decoded result of a denoised batch: identity, labels, seed and run id passed on unchanged; images
     * {@code [B, 28, 28]} float32; the input states too when the job asked for states.
     */
    public static ImageBatch results(StateBatch in, double[][] images) {
        ImageBatch.Builder out = ImageBatch.newBuilder()
                .setJobId(in.getJobId())
                .setBatchIndex(in.getBatchIndex())
                .setBatchesTotal(in.getBatchesTotal())
                .setModel(in.getModel())
                .setFirstSampleIndex(in.getFirstSampleIndex())
                .addAllLabels(in.getLabelsList())
                .setImages(TensorMapping.imagesFloat32(images))
                .setSeed(in.getSeed())
                .setMetricsRunId(in.getMetricsRunId());
        if (wantsStates(in.getOutput())) {
            out.setStates(in.getStates());
        }
        return out.build();
    }

    public static LatentDatasetChunk chunk(LatentDatasetExport.Chunk c) {
        return LatentDatasetChunk.newBuilder()
                .setOffset(c.offset())
                .setTotal(c.total())
                .setLatents(TensorMapping.latentsFloat64(c.latents()))
                .setLabels(Tensors.int32(c.labels()))
                .setSha256(c.sha256())
                .build();
    }

    /** Stage name on qdm.generation.status. */
    public static final String STAGE = "latent";

    /** Batch-level COMPLETED: this batch's images are on qdm.generation.results. */
    public static GenerationStatus batchDecoded(StateBatch in, long nowMs) {
        return GenerationStatus.newBuilder()
                .setJobId(in.getJobId())
                .setState(JobState.JOB_STATE_COMPLETED)
                .setStage(STAGE)
                .setBatchIndex(in.getBatchIndex())
                .setBatchesTotal(in.getBatchesTotal())
                .setBatchSamples(in.getStates().getShapeCount() > 0 ? (int) in.getStates().getShape(0) : 0)
                .setAtMs(nowMs)
                .build();
    }

    /** Batch-level FAILED with the offending field (the message up to its first colon) and the reason. */
    public static GenerationStatus batchFailed(StateBatch in, IllegalArgumentException reason, long nowMs) {
        String message = reason.getMessage() == null ? "" : reason.getMessage();
        int colon = message.indexOf(':');
        return GenerationStatus.newBuilder()
                .setJobId(in.getJobId())
                .setState(JobState.JOB_STATE_FAILED)
                .setStage(STAGE)
                .setBatchIndex(in.getBatchIndex())
                .setBatchesTotal(in.getBatchesTotal())
                .setError(ErrorDetail.newBuilder().setCode("INVALID_ARGUMENT").setMessage(message)
                        .setField(colon > 0 ? message.substring(0, colon) : ""))
                .setAtMs(nowMs)
                .build();
    }

    static boolean wantsStates(OutputKind output) {
        return output == OutputKind.OUTPUT_KIND_STATES || output == OutputKind.OUTPUT_KIND_IMAGES_AND_STATES;
    }
}
