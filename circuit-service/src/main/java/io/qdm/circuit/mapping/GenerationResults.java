package io.qdm.circuit.mapping;

import io.qdm.circuit.generation.GeneratedSamples;
import io.qdm.circuit.generation.GenerationPlan;
import io.qdm.circuit.registry.RegisteredModel;
import io.qdm.proto.common.v1.ModelRef;
import io.qdm.proto.generation.v1.GenerationResult;
import io.qdm.proto.generation.v1.StepProgress;
import io.qdm.wire.Tensors;

/** Domain → proto for the synchronous generation replies. */
public final class GenerationResults {

    private GenerationResults() {
    }

    public static GenerationResult result(GenerationPlan plan, RegisteredModel model, GeneratedSamples samples,
                                          boolean withStates) {
        GenerationResult.Builder b = GenerationResult.newBuilder()
                .setRequestId(plan.requestId())
                .setJobId(plan.jobId())
                .setModel(ModelRef.newBuilder().setName(model.name()).setVersion(model.version()))
                .setSeed(plan.seed());
        if (samples.images() != null) {
            b.setImages(Tensors.float32(samples.images().pixels(), samples.images().count(), samples.images().height(),
                    samples.images().width()));
        }
        if (withStates) {
            b.setStates(Tensors.complexRows(samples.states(), model.spec().dataDimension()));
        }
        if (samples.labels().length > 0) {
            b.setLabels(Tensors.int32(samples.labels()));
        }
        return b.build();
    }

    public static StepProgress progress(GenerationPlan plan, int step, int totalSteps, double elapsedSeconds) {
        return StepProgress.newBuilder()
                .setRequestId(plan.requestId())
                .setJobId(plan.jobId())
                .setStep(step)
                .setTotalSteps(totalSteps)
                .setElapsedSeconds(elapsedSeconds)
                .build();
    }
}
