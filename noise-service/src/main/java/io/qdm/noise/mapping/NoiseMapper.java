package io.qdm.noise.mapping;

import io.qdm.noise.DatasetDescription;
import io.qdm.noise.NoiseCall;
import io.qdm.noise.PairRun;
import io.qdm.noise.ProcessSpec;
import io.qdm.noise.noise.NoiseField;
import io.qdm.noise.noise.NoiseForm;
import io.qdm.noise.pairs.PairBatch;
import io.qdm.noise.pairs.PairKind;
import io.qdm.noise.preprocess.DatasetRequest;
import io.qdm.noise.schedule.NoiseSchedule;
import io.qdm.noise.schedule.ScheduleKind;
import io.qdm.noise.schedule.ScheduleSpec;
import io.qdm.proto.common.v1.DType;
import io.qdm.proto.common.v1.Tensor;
import io.qdm.proto.noise.v1.DatasetInfo;
import io.qdm.proto.noise.v1.DatasetSpec;
import io.qdm.proto.noise.v1.InitialNoiseRequest;
import io.qdm.proto.noise.v1.NoiseRequest;
import io.qdm.proto.noise.v1.ScheduleValues;
import io.qdm.proto.noise.v1.TrainingPairBatch;
import io.qdm.proto.noise.v1.TrainingPairsRequest;
import io.qdm.wire.InvalidTensorException;
import io.qdm.wire.Tensors;
import com.google.protobuf.ByteString;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashSet;

/**
 * Proto ↔ domain mapping of {@code qdm.noise.v1.NoiseService} and the training-pair topics, with the contract's
 * defaults for unspecified (0) fields: schedule LINEAR, T = 8, β 4e-3 → 0.4 (the authors' latent model), noise form
 * AUTHORS_CODE (or the pair kind's own form for training pairs), field COMPLEX, pair kind ONE_STEP, cosine exponent 0.5.
 * Unknown enum numbers are rejected naming the field.
 */
public final class NoiseMapper {

    private NoiseMapper() {
    }

    /** The process of a Noise/DescribeSchedule request; {@code defaultForm} applies when form is UNSPECIFIED. */
    public static ProcessSpec toProcess(io.qdm.proto.noise.v1.NoiseSchedule s, NoiseForm defaultForm) {
        ScheduleKind kind = switch (s.getKind()) {
            case SCHEDULE_KIND_UNSPECIFIED, SCHEDULE_KIND_LINEAR -> ScheduleKind.LINEAR;
            case SCHEDULE_KIND_LINEAR_ZERO_PREPENDED -> ScheduleKind.LINEAR_ZERO_PREPENDED;
            case SCHEDULE_KIND_COSINE -> ScheduleKind.COSINE;
            case SCHEDULE_KIND_CONSTANT -> ScheduleKind.CONSTANT;
            case UNRECOGNIZED -> throw new IllegalArgumentException("schedule.kind: unknown schedule kind "
                    + s.getKindValue() + " (expected LINEAR, LINEAR_ZERO_PREPENDED, COSINE or CONSTANT)");
        };
        int timesteps = s.getTimesteps() == 0 ? ScheduleSpec.AUTHORS_LATENT.timesteps() : s.getTimesteps();
        double betaStart = s.getBetaStart();
        double betaEnd = s.getBetaEnd();
        if (kind == ScheduleKind.LINEAR && betaStart == 0 && betaEnd == 0) {
            betaStart = ScheduleSpec.AUTHORS_LATENT.betaStart();
            betaEnd = ScheduleSpec.AUTHORS_LATENT.betaEnd();
        }
        double exponent = s.getCosineExponent() == 0 ? 0.5 : s.getCosineExponent();
        NoiseForm form = switch (s.getForm()) {
            case NOISE_FORM_UNSPECIFIED -> defaultForm;
            case NOISE_FORM_AUTHORS_CODE -> NoiseForm.AUTHORS_CODE;
            case NOISE_FORM_DDPM -> NoiseForm.DDPM;
            case UNRECOGNIZED -> throw new IllegalArgumentException("schedule.form: unknown noise form "
                    + s.getFormValue() + " (expected AUTHORS_CODE or DDPM)");
        };
        return new ProcessSpec(new ScheduleSpec(kind, timesteps, betaStart, betaEnd, exponent), form,
                toField("schedule.field", s.getField(), s.getFieldValue()));
    }

    public static NoiseField toField(String path, io.qdm.proto.noise.v1.NoiseField f, int number) {
        return switch (f) {
            case NOISE_FIELD_UNSPECIFIED, NOISE_FIELD_COMPLEX -> NoiseField.COMPLEX;
            case NOISE_FIELD_REAL -> NoiseField.REAL;
            case UNRECOGNIZED -> throw new IllegalArgumentException(path + ": unknown noise field " + number
                    + " (expected COMPLEX or REAL)");
        };
    }

    public static PairKind toPairKind(io.qdm.proto.noise.v1.PairKind k, int number) {
        return switch (k) {
            case PAIR_KIND_UNSPECIFIED, PAIR_KIND_ONE_STEP -> PairKind.ONE_STEP;
            case PAIR_KIND_POSTERIOR_MEAN -> PairKind.POSTERIOR_MEAN;
            case UNRECOGNIZED -> throw new IllegalArgumentException("pair_kind: unknown pair kind " + number
                    + " (expected ONE_STEP or POSTERIOR_MEAN)");
        };
    }

    /** The resolved process as it goes back to clients (every field explicit). */
    public static io.qdm.proto.noise.v1.NoiseSchedule toProto(ProcessSpec p) {
        ScheduleSpec s = p.schedule();
        return io.qdm.proto.noise.v1.NoiseSchedule.newBuilder()
                .setKind(switch (s.kind()) {
                    case LINEAR -> io.qdm.proto.noise.v1.ScheduleKind.SCHEDULE_KIND_LINEAR;
                    case LINEAR_ZERO_PREPENDED -> io.qdm.proto.noise.v1.ScheduleKind.SCHEDULE_KIND_LINEAR_ZERO_PREPENDED;
                    case COSINE -> io.qdm.proto.noise.v1.ScheduleKind.SCHEDULE_KIND_COSINE;
                    case CONSTANT -> io.qdm.proto.noise.v1.ScheduleKind.SCHEDULE_KIND_CONSTANT;
                })
                .setTimesteps(s.timesteps())
                .setBetaStart(s.betaStart())
                .setBetaEnd(s.betaEnd())
                .setCosineExponent(s.kind() == ScheduleKind.COSINE ? s.cosineExponent() : 0)
                .setForm(p.form() == NoiseForm.DDPM ? io.qdm.proto.noise.v1.NoiseForm.NOISE_FORM_DDPM
                        : io.qdm.proto.noise.v1.NoiseForm.NOISE_FORM_AUTHORS_CODE)
                .setField(p.field() == NoiseField.REAL ? io.qdm.proto.noise.v1.NoiseField.NOISE_FIELD_REAL
                        : io.qdm.proto.noise.v1.NoiseField.NOISE_FIELD_COMPLEX)
                .build();
    }

    public static ScheduleValues toScheduleValues(ProcessSpec p, NoiseSchedule schedule) {
        ScheduleValues.Builder b = ScheduleValues.newBuilder().setSchedule(toProto(p));
        for (double v : schedule.betas()) {
            b.addBetas(v);
        }
        for (double v : schedule.alphasBar()) {
            b.addAlphasBar(v);
        }
        return b.build();
    }

    /**
     * Decodes [B, D] DTYPE_COMPLEX128 or DTYPE_FLOAT64 states into interleaved complex rows.
     *
     * @throws InvalidTensorException naming "states" (dtype, rank, byte length, NaN/Inf)
     */
    public static NoiseCall toNoiseCall(NoiseRequest r) {
        Tensor t = r.getStates();
        boolean real = t.getDtype() == DType.DTYPE_FLOAT64;
        if (!real && t.getDtype() != DType.DTYPE_COMPLEX128) {
            throw new InvalidTensorException("states", "dtype " + t.getDtype()
                    + ", expected DTYPE_COMPLEX128 or DTYPE_FLOAT64");
        }
        if (t.getShapeCount() != 2) {
            throw new InvalidTensorException("states", "shape " + t.getShapeList() + " has rank " + t.getShapeCount()
                    + ", expected 2 ([B, D])");
        }
        long rows = t.getShape(0);
        long cols = t.getShape(1);
        if (rows < 1 || cols < 1) {
            throw new InvalidTensorException("states", "empty batch (shape " + t.getShapeList() + ")");
        }
        Tensors.elementCount(t, "states");
        double[] flat = real ? Tensors.decodeReal(t, "states") : Tensors.decodeComplexMatrix(t, "states", 0);
        int b = (int) rows;
        int d = (int) cols;
        double[][] states = new double[b][2 * d];
        for (int i = 0; i < b; i++) {
            if (real) {
                for (int k = 0; k < d; k++) {
                    states[i][2 * k] = flat[i * d + k];
                }
            } else {
                System.arraycopy(flat, 2 * i * d, states[i], 0, 2 * d);
            }
        }
        return new NoiseCall(states, d, real, r.getTimestep(), toProcess(r.getSchedule(), NoiseForm.AUTHORS_CODE),
                r.getSeed(), r.getFirstSampleIndex(), r.getNormalise());
    }

    /** Complex128 [B, D], or float64 [B, D] (the real parts) when real noise was applied to real input. */
    public static Tensor toStatesTensor(double[][] rows, int dimension, boolean realOutput) {
        if (realOutput) {
            double[] flat = new double[rows.length * dimension];
            for (int i = 0; i < rows.length; i++) {
                for (int k = 0; k < dimension; k++) {
                    flat[i * dimension + k] = rows[i][2 * k];
                }
            }
            return Tensors.float64(flat, rows.length, dimension);
        }
        return Tensors.complexRows(rows, dimension);
    }

    public static NoiseField toField(InitialNoiseRequest r) {
        return toField("field", r.getField(), r.getFieldValue());
    }

    public static DatasetRequest toDatasetRequest(DatasetSpec d) {
        return new DatasetRequest(d.getName(), d.getSplit(), new HashSet<>(d.getLabelsList()), d.getResolution(),
                d.getLimit(), d.getSubsetSeed());
    }

    /** @throws IllegalArgumentException naming the field (dataset.*, schedule.*, pair_kind) */
    public static PairRun toPairRun(TrainingPairsRequest r) {
        if (!r.hasDataset()) {
            throw new IllegalArgumentException("dataset: missing (expected name mnist, fashion-mnist or latent)");
        }
        PairKind kind = toPairKind(r.getPairKind(), r.getPairKindValue());
        int epochs = r.getEpochs() == 0 ? 1 : r.getEpochs();
        int[] timesteps = r.getTimestepsList().stream().mapToInt(Integer::intValue).toArray();
        return new PairRun(toDatasetRequest(r.getDataset()), toProcess(r.getSchedule(), kind.defaultForm()), kind,
                r.getSeed(), r.getBatchSize(), epochs, timesteps, r.getStartBatchIndex());
    }

    public static TrainingPairBatch toProto(String requestId, PairBatch b, int dimension) {
        int n = b.size();
        ByteBuffer idx = ByteBuffer.allocate(8 * n).order(ByteOrder.LITTLE_ENDIAN);
        for (int i : b.datasetIndices()) {
            idx.putLong(i);
        }
        return TrainingPairBatch.newBuilder()
                .setRequestId(requestId)
                .setBatchIndex(b.batchIndex())
                .setBatchesTotal(b.batchesTotal())
                .setEpoch(b.epoch())
                .setTimestep(b.timestep())
                .setInputs(Tensors.complexRows(b.inputs(), dimension))
                .setTargets(Tensors.complexRows(b.targets(), dimension))
                .setLabels(Tensors.int32(b.labels()))
                .setSampleIndices(Tensor.newBuilder().setDtype(DType.DTYPE_INT64).addShape(n)
                        .setData(ByteString.copyFrom(idx.array())))
                .build();
    }

    public static DatasetInfo toProto(DatasetDescription d) {
        return DatasetInfo.newBuilder()
                .setName(d.name())
                .setSplit(d.split())
                .setCount(d.count())
                .addAllSampleShape(d.sampleShape())
                .putAllSha256(d.sha256())
                .setSource(d.source())
                .build();
    }
}
