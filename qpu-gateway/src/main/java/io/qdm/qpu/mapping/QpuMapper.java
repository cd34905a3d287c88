package io.qdm.qpu.mapping;

import com.google.protobuf.ByteString;
import io.qdm.proto.common.v1.ErrorDetail;
import io.qdm.proto.qpu.v1.Backend;
import io.qdm.proto.qpu.v1.QpuJob;
import io.qdm.proto.qpu.v1.SubmitQpuJobRequest;
import io.qdm.qpu.emulator.NoiseParameters;
import io.qdm.qpu.service.ExecutionMode;
import io.qdm.qpu.service.JobRecord;
import io.qdm.qpu.service.SubmitCommand;
import io.qdm.qpu.transpile.BackendTarget;
import io.qdm.wire.Tensors;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeSet;

/** proto ↔ domain for qdm.qpu.v1; the only place (with grpc/ and messaging/) that sees generated types. */
public final class QpuMapper {

    /** The context travels in every status event of the job: keep it small. */
    public static final int MAX_CLIENT_CONTEXT_BYTES = 64 * 1024;

    private QpuMapper() {
    }

    public static SubmitCommand toCommand(SubmitQpuJobRequest r) {
        if (!r.hasStates()) {
            throw new IllegalArgumentException("states: required ([B, 2^data_qubits] DTYPE_COMPLEX128)");
        }
        double[][] states = Tensors.decodeComplexRows(r.getStates(), "states", 0);
        int[] labels = r.getLabelsList().stream().mapToInt(Integer::intValue).toArray();
        ExecutionMode mode = switch (r.getMode()) {
            case EXECUTION_MODE_UNSPECIFIED, EXECUTION_MODE_STEP_BY_STEP -> ExecutionMode.STEP_BY_STEP;
            case EXECUTION_MODE_WHOLE_CHAIN -> ExecutionMode.WHOLE_CHAIN;
            default -> throw new IllegalArgumentException("mode: unknown value " + r.getModeValue());
        };
        if (r.getShots() < 0) {
            throw new IllegalArgumentException("shots: must be ≥ 0, got " + r.getShots());
        }
        if (r.getSteps() < 0) {
            throw new IllegalArgumentException("steps: must be ≥ 0, got " + r.getSteps());
        }
        if (r.getFirstSampleIndex() < 0) {
            throw new IllegalArgumentException("first_sample_index: must be ≥ 0, got " + r.getFirstSampleIndex());
        }
        if (r.getClientContext().size() > MAX_CLIENT_CONTEXT_BYTES) {
            throw new IllegalArgumentException("client_context: at most " + MAX_CLIENT_CONTEXT_BYTES + " bytes, got "
                    + r.getClientContext().size());
        }
        NoiseParameters noise = r.hasNoise() ? new NoiseParameters(r.getNoise().getDepolarizing1Q(),
                r.getNoise().getDepolarizing2Q(), r.getNoise().getReadoutError()) : null;
        return new SubmitCommand(r.getMeta().getRequestId(), r.getMeta().getIdempotencyKey(), r.getProvider(),
                r.getDevice(), r.getModel().getName(), r.getModel().getVersion(), states, labels, r.getTimestep(),
                r.getSteps(), mode, r.getShots(), r.getSeed(), noise, fingerprint(r), r.getFirstSampleIndex(),
                r.getClientContext().toByteArray());
    }

    /** SHA-256 of the request without its meta (request id and idempotency key do not make a request different). */
    static String fingerprint(SubmitQpuJobRequest r) {
        try {
            byte[] bytes = r.toBuilder().clearMeta().build().toByteArray();
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static QpuJob toProto(JobRecord j) {
        QpuJob.Builder b = QpuJob.newBuilder()
                .setJobId(j.jobId)
                .setRequestId(j.requestId)
                .setState(state(j.state))
                .setProvider(j.provider)
                .setDevice(j.device)
                .setVendorJobId(j.vendorJobId())
                .setShots(j.shots)
                .setPostselectionSuccessRate(j.postselectionSuccessRate)
                .setEffectiveShots(j.effectiveShots)
                .setIsaQasm(j.isaQasm)
                .setCalibrationTime(j.calibrationTime)
                .setCreatedAtMs(j.createdAtMs)
                .setUpdatedAtMs(j.updatedAtMs)
                .setFirstSampleIndex(j.firstSampleIndex)
                .setClientContext(ByteString.copyFrom(j.clientContext));
        for (int q : j.layout) {
            b.addLayout(q);
        }
        if (j.result != null) {
            int rows = j.result.length;
            if (j.complexResult) {
                b.setResultStates(Tensors.complexRows(j.result, j.result[0].length / 2));
            } else {
                int cols = j.result[0].length;
                double[] flat = new double[rows * cols];
                for (int r = 0; r < rows; r++) {
                    System.arraycopy(j.result[r], 0, flat, r * cols, cols);
                }
                b.setResultStates(Tensors.float64(flat, rows, cols));
            }
        }
        if (!j.errorCode.isEmpty()) {
            b.setError(ErrorDetail.newBuilder().setCode(j.errorCode).setMessage(j.errorMessage).setField(j.errorField));
        }
        return b.build();
    }

    static io.qdm.proto.common.v1.JobState state(io.qdm.qpu.service.JobState s) {
        return switch (s) {
            case ACCEPTED -> io.qdm.proto.common.v1.JobState.JOB_STATE_ACCEPTED;
            case RUNNING -> io.qdm.proto.common.v1.JobState.JOB_STATE_RUNNING;
            case COMPLETED -> io.qdm.proto.common.v1.JobState.JOB_STATE_COMPLETED;
            case FAILED -> io.qdm.proto.common.v1.JobState.JOB_STATE_FAILED;
            case CANCELLED -> io.qdm.proto.common.v1.JobState.JOB_STATE_CANCELLED;
        };
    }

    public static Backend toProto(BackendTarget t) {
        Backend.Builder b = Backend.newBuilder()
                .setProvider(t.provider())
                .setDevice(t.device())
                .setNumQubits(t.numQubits())
                .addAllBasisGates(new TreeSet<>(t.basisGates()))
                .setOnline(t.online())
                .setCalibrationTime(t.calibrationTime());
        List<int[]> edges = t.couplingMap();
        for (int[] e : edges) {
            b.addCouplingMap(e[0]).addCouplingMap(e[1]);
        }
        return b.build();
    }
}
