package io.qdm.noise.mapping;

import io.qdm.noise.GenerationPlan;
import io.qdm.noise.InitialStateBatch;
import io.qdm.proto.generation.v1.GenerationPlanned;
import io.qdm.proto.generation.v1.StateBatch;
import io.qdm.wire.Tensors;

/** Proto ↔ domain mapping for the generation pipeline's noise stage. */
public final class GenerationMapper {

    private GenerationMapper() {
    }

    public static GenerationPlan toPlan(GenerationPlanned planned) {
        int[] labels = planned.getLabelsList().stream().mapToInt(Integer::intValue).toArray();
        return new GenerationPlan(planned.getJobId(), planned.getStateDimension(), planned.getCount(), labels,
                planned.getBatchSize(), planned.getBatchesTotal(), planned.getSeed());
    }

    /** One StateBatch record; job-level fields the noise stage does not use are passed on unchanged. */
    public static StateBatch toStateBatch(GenerationPlanned planned, InitialStateBatch batch) {
        StateBatch.Builder builder = StateBatch.newBuilder()
                .setJobId(planned.getJobId())
                .setBatchIndex(batch.batchIndex())
                .setBatchesTotal(planned.getBatchesTotal())
                .setModel(planned.getModel())
                .setSeed(planned.getSeed())
                .setFirstSampleIndex(batch.firstSampleIndex())
                .setStates(Tensors.complexRows(batch.states(), planned.getStateDimension()))
                .setBackend(planned.getBackend())
                .setQpuProvider(planned.getQpuProvider())
                .setQpuDevice(planned.getQpuDevice())
                .setOutput(planned.getOutput())
                .setMetricsRunId(planned.getMetricsRunId());
        for (int label : batch.labels()) {
            builder.addLabels(label);
        }
        return builder.build();
    }
}
