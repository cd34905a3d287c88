package io.qdm.circuit.mapping;

import io.qdm.circuit.registry.RegisteredModel;
import io.qdm.proto.circuit.v1.AncillaMode;
import io.qdm.proto.circuit.v1.AnsatzSpec;
import io.qdm.proto.circuit.v1.Architecture;
import io.qdm.proto.circuit.v1.BlockKind;
import io.qdm.proto.circuit.v1.ModelInfo;
import io.qdm.proto.circuit.v1.ModelKind;
import io.qdm.proto.common.v1.ModelRef;
import io.qdm.proto.noise.v1.NoiseForm;
import io.qdm.proto.noise.v1.NoiseSchedule;
import io.qdm.proto.noise.v1.ScheduleKind;
import io.qdm.simulator.model.DenoiserSpec;
import io.qdm.simulator.model.ParameterSharing;

import java.util.Locale;
import java.util.Map;

/** Registry model → proto {@code ModelInfo}. */
public final class ModelInfoMapper {

    private ModelInfoMapper() {
    }

    public static ModelRef ref(RegisteredModel model) {
        return ModelRef.newBuilder().setName(model.name()).setVersion(model.version()).build();
    }

    public static ModelInfo toInfo(RegisteredModel model) {
        DenoiserSpec s = model.spec();
        AnsatzSpec ansatz = AnsatzSpec.newBuilder()
                .setArchitecture(switch (s.architecture()) {
                    case REVERSE_BOTTLENECK -> Architecture.ARCHITECTURE_REVERSE_BOTTLENECK;
                    case BOTTLENECK -> Architecture.ARCHITECTURE_BOTTLENECK;
                })
                .setBlock(switch (s.block()) {
                    case STRONGLY_ENTANGLING -> BlockKind.BLOCK_KIND_STRONGLY_ENTANGLING;
                    case IDENTITY_R3 -> BlockKind.BLOCK_KIND_IDENTITY_R3;
                })
                .setDataQubits(s.dataQubits())
                .setLabelQubits(s.labelQubits())
                .addLayers(s.s1Layers()).addLayers(s.middleLayers()).addLayers(s.s2Layers())
                .setAncillaMode(switch (s.ancillaMode()) {
                    case SAMPLED_MEASUREMENT -> AncillaMode.ANCILLA_MODE_MEASURE;
                    case POSTSELECT_ZERO -> AncillaMode.ANCILLA_MODE_POSTSELECT;
                })
                .setPerTimestepParameters(s.sharing() == ParameterSharing.PER_TIMESTEP)
                .build();
        ModelInfo.Builder info = ModelInfo.newBuilder()
                .setModel(ref(model))
                .setKind(kind(model.kind()))
                .setAnsatz(ansatz)
                .setParameterCount(s.parameterCount())
                .setSchedule(schedule(model.schedule(), s.timesteps()))
                .setImageSize(model.imageSize())
                .putAllMetrics(model.metrics())
                .putAllProvenance(model.provenance())
                .setCreatedAtMs(model.createdAtMs())
                .setCheckpointSha256(model.sha256());
        if (!model.autoencoder().isEmpty()) {
            String[] parts = model.autoencoder().split(":", 2);
            info.setAutoencoder(ModelRef.newBuilder().setName(parts[0]).setVersion(parts.length > 1 ? parts[1] : ""));
        }
        return info.build();
    }

    private static ModelKind kind(String kind) {
        return switch (kind.toLowerCase(Locale.ROOT)) {
            case "full" -> ModelKind.MODEL_KIND_FULL;
            case "latent" -> ModelKind.MODEL_KIND_LATENT;
            case "conditioned-full" -> ModelKind.MODEL_KIND_CONDITIONED_FULL;
            case "conditioned-latent" -> ModelKind.MODEL_KIND_CONDITIONED_LATENT;
            default -> ModelKind.MODEL_KIND_UNSPECIFIED;
        };
    }

    private static NoiseSchedule schedule(Map<String, Object> schedule, int timesteps) {
        NoiseSchedule.Builder b = NoiseSchedule.newBuilder().setTimesteps(timesteps);
        if (schedule.get("kind") instanceof String k) {
            b.setKind(switch (k) {
                case "linear" -> ScheduleKind.SCHEDULE_KIND_LINEAR;
                case "linear_zero_prepended" -> ScheduleKind.SCHEDULE_KIND_LINEAR_ZERO_PREPENDED;
                case "cosine" -> ScheduleKind.SCHEDULE_KIND_COSINE;
                case "constant" -> ScheduleKind.SCHEDULE_KIND_CONSTANT;
                default -> ScheduleKind.SCHEDULE_KIND_UNSPECIFIED;
            });
        }
        if (schedule.get("beta_start") instanceof Number n) {
            b.setBetaStart(n.doubleValue());
        }
        if (schedule.get("beta_end") instanceof Number n) {
            b.setBetaEnd(n.doubleValue());
        }
        if (schedule.get("form") instanceof String f) {
            b.setForm("ddpm".equals(f) ? NoiseForm.NOISE_FORM_DDPM : NoiseForm.NOISE_FORM_AUTHORS_CODE);
        }
        return b.build();
    }
}
