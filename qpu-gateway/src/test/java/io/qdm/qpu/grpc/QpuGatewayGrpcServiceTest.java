package io.qdm.qpu.grpc;

import com.google.rpc.BadRequest;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.qdm.proto.common.v1.DType;
import io.qdm.proto.common.v1.JobState;
import io.qdm.proto.common.v1.ModelRef;
import io.qdm.proto.common.v1.RequestMeta;
import io.qdm.proto.qpu.v1.Backend;
import io.qdm.proto.qpu.v1.ExecutionMode;
import io.qdm.proto.qpu.v1.GetQpuJobRequest;
import io.qdm.proto.qpu.v1.ListBackendsRequest;
import io.qdm.proto.qpu.v1.NoiseModel;
import io.qdm.proto.qpu.v1.QpuGatewayGrpc;
import io.qdm.proto.qpu.v1.QpuJob;
import io.qdm.proto.qpu.v1.QpuJobStatusChanged;
import io.qdm.proto.qpu.v1.SubmitQpuJobRequest;
import io.qdm.qpu.TestModels;
import io.qdm.qpu.circuit.DenoiserCircuitsTest;
import io.qdm.qpu.service.AncillaUniforms;
import io.qdm.simulator.circuit.BlockAnsatz;
import io.qdm.simulator.model.AncillaMode;
import io.qdm.simulator.model.Architecture;
import io.qdm.simulator.model.Denoiser;
import io.qdm.simulator.model.DenoiserSpec;
import io.qdm.simulator.model.ParameterSharing;
import io.qdm.simulator.state.ComplexVector;
import io.qdm.testing.KafkaTestClient;
import io.qdm.testing.RealKafkaBroker;
import io.qdm.testing.ServiceProbe;
import io.qdm.wire.Tensors;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.data.Offset.offset;

/**
 * QpuGateway over a real gRPC channel with a real Kafka broker: jobs on every emulator provider with exact expected
 * results, streaming watch, idempotency, cancellation, persistence, status events, and bad input answered with the
 * status and the field.
 */
@QuarkusTest
@QuarkusTestResource(RealKafkaBroker.class)
class QpuGatewayGrpcServiceTest {

    static final Path MODELS = Path.of("target/test-models");
    static final Path JOBS = Path.of("target/test-jobs");
    /** Conditioned: 2 data qubits + 1 label, post-selected ancilla, 3 timesteps (4 qubits per step). */
    static final DenoiserSpec COND = new DenoiserSpec(2, 1, Architecture.REVERSE_BOTTLENECK,
            BlockAnsatz.STRONGLY_ENTANGLING, 1, 2, 1, AncillaMode.POSTSELECT_ZERO, ParameterSharing.SHARED, 3);
    /** Unconditioned, sampled ancilla measurement, per-timestep parameters. */
    static final DenoiserSpec MEAS = new DenoiserSpec(2, 0, Architecture.REVERSE_BOTTLENECK,
            BlockAnsatz.IDENTITY_R3, 2, 2, 2, AncillaMode.SAMPLED_MEASUREMENT, ParameterSharing.PER_TIMESTEP, 3);
    static final double[] COND_PARAMS = DenoiserCircuitsTest.randomParameters(COND, 3);
    static final double[] MEAS_PARAMS = DenoiserCircuitsTest.randomParameters(MEAS, 4);

    @TestHTTPResource("/")
    URL root;

    private ManagedChannel channel;
    private QpuGatewayGrpc.QpuGatewayBlockingStub stub;

    @BeforeAll
    static void models() {
        TestModels.write(MODELS, "cond-test", "1", COND, COND_PARAMS);
        TestModels.write(MODELS, "cond-test", "2", COND, DenoiserCircuitsTest.randomParameters(COND, 99));
        TestModels.write(MODELS, "meas-test", "7", MEAS, MEAS_PARAMS);
        DenoiserSpec wide = new DenoiserSpec(6, 1, Architecture.REVERSE_BOTTLENECK, BlockAnsatz.STRONGLY_ENTANGLING,
                1, 1, 1, AncillaMode.POSTSELECT_ZERO, ParameterSharing.SHARED, 3);
        TestModels.write(MODELS, "wide-test", "1", wide, DenoiserCircuitsTest.randomParameters(wide, 5));
    }

    @BeforeEach
    void connect() {
        channel = ServiceProbe.channel(root.getPort());
        stub = QpuGatewayGrpc.newBlockingStub(channel).withDeadlineAfter(120, TimeUnit.SECONDS);
    }

    @AfterEach
    void close() {
        channel.shutdownNow();
    }

    static double[][] inputRows(int rows, int dim, long seed) {
        double[][] out = new double[rows][2 * dim];
        for (int r = 0; r < rows; r++) {
            ComplexVector v = DenoiserCircuitsTest.randomState(dim, seed + r);
            for (int j = 0; j < dim; j++) {
                out[r][2 * j] = v.re(j);
                out[r][2 * j + 1] = v.im(j);
            }
        }
        return out;
    }

    static SubmitQpuJobRequest.Builder request(String provider, String model, double[][] rows, int dim) {
        SubmitQpuJobRequest.Builder b = SubmitQpuJobRequest.newBuilder()
                .setMeta(RequestMeta.newBuilder().setRequestId("req-" + UUID.randomUUID()))
                .setProvider(provider)
                .setModel(ModelRef.newBuilder().setName(model))
                .setStates(Tensors.complexRows(rows, dim))
                .setTimestep(3).setSteps(2).setSeed(17);
        if (model.equals("cond-test")) {
            for (int r = 0; r < rows.length; r++) {
                b.addLabels(r % 2);
            }
        }
        return b;
    }

    /** Watches until the terminal state; returns every streamed state. */
    private List<QpuJob> watch(String jobId) {
        List<QpuJob> seen = new ArrayList<>();
        Iterator<QpuJob> it = stub.watchJob(GetQpuJobRequest.newBuilder().setJobId(jobId).build());
        it.forEachRemaining(seen::add);
        return seen;
    }

    /** The exact chain through the simulator library with circuit-service's ancilla uniforms. */
    static List<ComplexVector> exactChain(DenoiserSpec spec, double[] params, double[][] rows, int[] labels, int t, int steps) {
        List<ComplexVector> cur = new ArrayList<>();
        for (double[] row : rows) {
            double[] re = new double[row.length / 2];
            double[] im = new double[row.length / 2];
            for (int j = 0; j < re.length; j++) {
                re[j] = row[2 * j];
                im[j] = row[2 * j + 1];
            }
            cur.add(new ComplexVector(re, im));
        }
        try (Denoiser d = new Denoiser(spec)) {
            for (int s = 0; s < steps; s++) {
                int idx = t - 1 - s;
                int[] ts = new int[rows.length];
                double[] u = new double[rows.length];
                for (int i = 0; i < rows.length; i++) {
                    ts[i] = idx;
                    u[i] = AncillaUniforms.uniform(17, i, idx);
                }
                cur = d.forward(params, cur, labels, ts, u).outputs();
            }
        }
        return cur;
    }

    @Test
    void statevectorJobReturnsAtOnceAndCompletesWithTheLibrarysExactChain() throws Exception {
        double[][] rows = inputRows(3, 4, 100);
        QpuJob accepted = stub.submitJob(request("statevector", "cond-test", rows, 4).setModel(
                ModelRef.newBuilder().setName("cond-test").setVersion("1")).build());
        assertThat(accepted.getState()).isEqualTo(JobState.JOB_STATE_ACCEPTED);
        assertThat(accepted.getJobId()).startsWith("qpu-");
        List<QpuJob> states = watch(accepted.getJobId());
        QpuJob done = states.get(states.size() - 1);
        assertThat(done.getState()).as(done.getError().getMessage()).isEqualTo(JobState.JOB_STATE_COMPLETED);
        // the stream ends with the terminal state (a fast job may already be done when the watch starts)
        assertThat(states.subList(0, states.size() - 1)).extracting(QpuJob::getState)
                .allMatch(s -> s == JobState.JOB_STATE_ACCEPTED || s == JobState.JOB_STATE_RUNNING);
        assertThat(done.getProvider()).isEqualTo("statevector");
        assertThat(done.getDevice()).isEqualTo("default");
        assertThat(done.getShots()).isZero();
        assertThat(done.getEffectiveShots()).isZero();
        assertThat(done.getPostselectionSuccessRate()).isBetween(0.01, 1.0);
        assertThat(done.getResultStates().getDtype()).isEqualTo(DType.DTYPE_COMPLEX128);
        assertThat(done.getResultStates().getShapeList()).containsExactly(3L, 4L);
        double[] got = Tensors.decodeComplexMatrix(done.getResultStates(), "result_states", 4);
        List<ComplexVector> expected = exactChain(COND, COND_PARAMS, rows, new int[] {0, 1, 0}, 3, 2);
        for (int r = 0; r < 3; r++) {
            for (int j = 0; j < 4; j++) {
                assertThat(got[8 * r + 2 * j]).isCloseTo(expected.get(r).re(j), offset(1e-12));
                assertThat(got[8 * r + 2 * j + 1]).isCloseTo(expected.get(r).im(j), offset(1e-12));
            }
        }
        assertThat(done.getIsaQasm()).startsWith("OPENQASM 3.0;\ninclude \"stdgates.inc\";\nbit[4] c;\n")
                .contains("cz $").endsWith("c[3] = measure $3;\n");
        assertThat(done.getLayoutList()).containsExactly(0, 1, 2, 3);
        // persisted: the job file and one ISA circuit per step and row
        String file = Files.readString(JOBS.resolve(done.getJobId() + ".json"));
        assertThat(file).contains("\"state\" : \"COMPLETED\"").contains("\"provider\" : \"statevector\"")
                .contains("\"model_version\" : \"1\"");
        assertThat(Files.readString(JOBS.resolve(done.getJobId()).resolve("step-1-row-2.qasm"))).startsWith("OPENQASM 3.0;");
        assertThat(stub.getJob(GetQpuJobRequest.newBuilder().setJobId(done.getJobId()).build())).isEqualTo(done);
        // status events on Kafka, keyed by job id, ending with COMPLETED
        List<ConsumerRecord<String, byte[]>> events;
        try (KafkaTestClient kafka = KafkaTestClient.forTestBroker()) {   // after the app started the test broker
            events = kafka.readFromStartUntil(RealKafkaBroker.topic("qdm.qpu.job-status"),
                            rs -> rs.stream().anyMatch(r -> done.getJobId().equals(r.key()) && isCompleted(r.value())),
                            Duration.ofSeconds(60))
                    .stream().filter(r -> done.getJobId().equals(r.key())).toList();
        }
        List<JobState> published = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : events) {
            published.add(QpuJobStatusChanged.parseFrom(r.value()).getJob().getState());
        }
        assertThat(published.get(0)).isEqualTo(JobState.JOB_STATE_ACCEPTED);
        assertThat(published).contains(JobState.JOB_STATE_RUNNING);
        assertThat(published.get(published.size() - 1)).isEqualTo(JobState.JOB_STATE_COMPLETED);
        assertThat(QpuJobStatusChanged.parseFrom(events.get(events.size() - 1).value()).getJob()).isEqualTo(done);
    }

    private static boolean isCompleted(byte[] value) {
        try {
            return QpuJobStatusChanged.parseFrom(value).getJob().getState() == JobState.JOB_STATE_COMPLETED;
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            return false;
        }
    }

    @Test
    void shotsJobEstimatesModuliAndReportsPostSelectionAndEffectiveShots() {
        double[][] rows = inputRows(2, 4, 200);
        QpuJob accepted = stub.submitJob(request("shots", "meas-test", rows, 4).setSteps(1).setShots(20000).build());
        List<QpuJob> states = watch(accepted.getJobId());
        QpuJob done = states.get(states.size() - 1);
        assertThat(done.getState()).as(done.getError().getMessage()).isEqualTo(JobState.JOB_STATE_COMPLETED);
        assertThat(done.getShots()).isEqualTo(20000);
        assertThat(done.getResultStates().getDtype()).isEqualTo(DType.DTYPE_FLOAT64);
        assertThat(done.getResultStates().getShapeList()).containsExactly(2L, 4L);
        // sampled ancilla measurement: one branch kept per row
        assertThat(done.getEffectiveShots()).isBetween(1L, 40000L);
        assertThat(done.getPostselectionSuccessRate()).isCloseTo(done.getEffectiveShots() / 40000.0, offset(1e-12));
        double[] moduli = Tensors.decodeReal(done.getResultStates(), "result_states");
        List<ComplexVector> exact = exactChain(MEAS, MEAS_PARAMS, rows, new int[] {0, 0}, 3, 1);
        for (int r = 0; r < 2; r++) {
            double overlap = 0;
            double norm = 0;
            for (int j = 0; j < 4; j++) {
                overlap += moduli[4 * r + j] * Math.hypot(exact.get(r).re(j), exact.get(r).im(j));
                norm += moduli[4 * r + j] * moduli[4 * r + j];
            }
            assertThat(norm).isCloseTo(1.0, offset(1e-12));
            assertThat(overlap * overlap).as("row %d fidelity of moduli", r).isGreaterThan(0.995);
        }
    }

    @Test
    void noisyWholeChainRunsAndSameKeyReturnsTheSameJobWhileADifferentRequestIsRejected() {
        double[][] rows = inputRows(1, 4, 300);
        String key = "key-" + UUID.randomUUID();
        SubmitQpuJobRequest req = request("noisy", "meas-test", rows, 4).setMode(ExecutionMode.EXECUTION_MODE_WHOLE_CHAIN)
                .setShots(2000).setNoise(NoiseModel.newBuilder().setDepolarizing1Q(0.001).setDepolarizing2Q(0.01)
                        .setReadoutError(0.02))
                .setMeta(RequestMeta.newBuilder().setRequestId("r1").setIdempotencyKey(key)).build();
        QpuJob first = stub.submitJob(req);
        QpuJob again = stub.submitJob(req.toBuilder().setMeta(RequestMeta.newBuilder().setRequestId("r2")
                .setIdempotencyKey(key)).build());
        assertThat(again.getJobId()).isEqualTo(first.getJobId());
        assertThat(again.getRequestId()).isEqualTo("r1");
        StatusRuntimeException conflict = catchThrowableOfType(StatusRuntimeException.class,
                () -> stub.submitJob(req.toBuilder().setShots(2001).build()));
        assertThat(conflict.getStatus().getCode()).isEqualTo(Status.Code.ALREADY_EXISTS);
        assertThat(conflict.getStatus().getDescription()).contains("meta.idempotency_key").contains(first.getJobId());
        List<QpuJob> states = watch(first.getJobId());
        QpuJob done = states.get(states.size() - 1);
        assertThat(done.getState()).as(done.getError().getMessage()).isEqualTo(JobState.JOB_STATE_COMPLETED);
        // whole chain of 2 steps: 2 data + 2 fresh ancillas
        assertThat(done.getIsaQasm()).contains("bit[4] c;");
        assertThat(done.getEffectiveShots()).isPositive().isLessThanOrEqualTo(2000);
        assertThat(done.getPostselectionSuccessRate()).isCloseTo(done.getEffectiveShots() / 2000.0, offset(1e-12));
        // after completion the same key still returns the finished job
        assertThat(stub.submitJob(req)).isEqualTo(done);
    }

    private QpuJob runToEnd(SubmitQpuJobRequest request) {
        List<QpuJob> states = watch(stub.submitJob(request).getJobId());
        QpuJob done = states.get(states.size() - 1);
        assertThat(done.getState()).as(done.getError().getMessage()).isEqualTo(JobState.JOB_STATE_COMPLETED);
        return done;
    }

    private static double[] rowsOf(QpuJob job, int from, int to, int width) {
        double[] all = job.getResultStates().getDtype() == DType.DTYPE_COMPLEX128
                ? Tensors.decodeComplexMatrix(job.getResultStates(), "result_states", width / 2)
                : Tensors.decodeReal(job.getResultStates(), "result_states");
        return java.util.Arrays.copyOfRange(all, from * width, to * width);
    }

    @Test
    void aSliceOfAJobWithItsFirstSampleIndexDrawsExactlyAsInsideTheWholeJobAndEchoesItsClientContext() {
        double[][] rows = inputRows(5, 4, 400);
        double[][] tail = java.util.Arrays.copyOfRange(rows, 3, 5);
        // sampled ancilla measurement + shot sampling: every draw of a row is keyed by its global sample index
        QpuJob whole = runToEnd(request("shots", "meas-test", rows, 4).setSteps(1).setShots(300).build());
        com.google.protobuf.ByteString context = com.google.protobuf.ByteString.copyFromUtf8("batch 1 of job g-1");
        QpuJob slice = runToEnd(request("shots", "meas-test", tail, 4).setSteps(1).setShots(300)
                .setFirstSampleIndex(3).setClientContext(context).build());
        assertThat(rowsOf(slice, 0, 2, 4)).containsExactly(rowsOf(whole, 3, 5, 4));
        // without the index the slice's rows would be samples 0 and 1: other shots, other estimates
        QpuJob unshifted = runToEnd(request("shots", "meas-test", tail, 4).setSteps(1).setShots(300).build());
        assertThat(rowsOf(unshifted, 0, 2, 4)).isNotEqualTo(rowsOf(whole, 3, 5, 4));
        assertThat(slice.getFirstSampleIndex()).isEqualTo(3);
        assertThat(slice.getClientContext()).isEqualTo(context);
        assertThat(whole.getClientContext()).isEmpty();
        // the exact provider: row i of the slice is the library's chain of sample 3 + i (ancilla uniforms shifted)
        QpuJob exactWhole = runToEnd(request("statevector", "meas-test", rows, 4).setSteps(2).build());
        QpuJob exactSlice = runToEnd(request("statevector", "meas-test", tail, 4).setSteps(2)
                .setFirstSampleIndex(3).build());
        assertThat(rowsOf(exactSlice, 0, 2, 8)).containsExactly(rowsOf(exactWhole, 3, 5, 8));
    }

    @Test
    void shotSamplingDrawsFreshShotsAtEveryTimestep() {
        // one row, the same input, run as step t = 3 and as step t = 2: with shots keyed by (seed, timestep, sample)
        // the two jobs sample different shots (before, every single-step job reused the stream of step 0)
        double[][] rows = inputRows(1, 4, 500);
        QpuJob t3 = runToEnd(request("shots", "cond-test", rows, 4).setTimestep(3).setSteps(1).setShots(200).build());
        QpuJob t3again = runToEnd(request("shots", "cond-test", rows, 4).setTimestep(3).setSteps(1).setShots(200).build());
        assertThat(t3again.getResultStates()).isEqualTo(t3.getResultStates());
        QpuJob t2 = runToEnd(request("shots", "cond-test", rows, 4).setTimestep(2).setSteps(1).setShots(200)
                .setModel(ModelRef.newBuilder().setName("cond-test").setVersion("1")).build());
        QpuJob t3v1 = runToEnd(request("shots", "cond-test", rows, 4).setTimestep(3).setSteps(1).setShots(200)
                .setModel(ModelRef.newBuilder().setName("cond-test").setVersion("1")).build());
        // cond-test shares its parameters across timesteps, so t = 3 and t = 2 run the same circuit: only the draws differ
        assertThat(t2.getResultStates()).isNotEqualTo(t3v1.getResultStates());
    }

    @Test
    void cancellingAFinishedJobChangesNothingAndUnknownJobsAreNotFound() {
        QpuJob accepted = stub.submitJob(request("statevector", "meas-test", inputRows(1, 4, 1), 4).setSteps(1).build());
        List<QpuJob> states = watch(accepted.getJobId());
        QpuJob done = states.get(states.size() - 1);
        assertThat(stub.cancelJob(GetQpuJobRequest.newBuilder().setJobId(done.getJobId()).build())).isEqualTo(done);
        StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class,
                () -> stub.getJob(GetQpuJobRequest.newBuilder().setJobId("qpu-nope").build()));
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
        assertThat(e.getStatus().getDescription()).isEqualTo("job_id: no job 'qpu-nope'");
        StatusRuntimeException w = catchThrowableOfType(StatusRuntimeException.class,
                () -> watch("qpu-nope"));
        assertThat(w.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
    }

    @Test
    void listBackendsNamesEveryProviderAndItsDevice() {
        List<Backend> backends = stub.listBackends(ListBackendsRequest.getDefaultInstance()).getBackendsList();
        assertThat(backends).extracting(Backend::getProvider).containsExactly("statevector", "shots", "noisy", "ibm");
        assertThat(backends.get(0).getNumQubits()).isEqualTo(20);
        assertThat(backends.get(2).getNumQubits()).isEqualTo(10);
        assertThat(backends.get(0).getBasisGatesList()).containsExactly("cz", "measure", "rz", "sx", "x");
        assertThat(backends.get(0).getCouplingMapList()).isEmpty();
        assertThat(backends.get(3).getDevice()).isEqualTo("ibm_torino");
        assertThat(backends.get(3).getOnline()).isFalse();   // no API key in tests
    }

    private void assertInvalid(SubmitQpuJobRequest request, String field, String description) throws Exception {
        StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, () -> stub.submitJob(request));
        assertThat(e).as("expected INVALID_ARGUMENT on " + field).isNotNull();
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(e.getStatus().getDescription()).isEqualTo(description);
        BadRequest details = StatusProto.fromThrowable(e).getDetails(0).unpack(BadRequest.class);
        assertThat(details.getFieldViolations(0).getField()).isEqualTo(field);
    }

    @Test
    void badInputIsInvalidArgumentNamingTheField() throws Exception {
        double[][] rows = inputRows(2, 4, 5);
        assertInvalid(request("shots", "cond-test", inputRows(2, 8, 5), 8).build(), "states",
                "states: expected 4 amplitudes per row for model cond-test:2, got 8");
        assertInvalid(request("shots", "cond-test", rows, 4).setTimestep(0).build(), "timestep",
                "timestep: must be in 1..3, got 0");
        assertInvalid(request("shots", "cond-test", rows, 4).setSteps(4).build(), "steps",
                "steps: must be in 1..3 (steps t..t-steps+1 ≥ 1), got 4");
        assertInvalid(request("shots", "cond-test", rows, 4).setLabels(1, 2).build(), "labels[1]",
                "labels[1]: 2 outside 0..1");
        assertInvalid(request("shots", "meas-test", rows, 4).addLabels(0).build(), "labels",
                "labels: model meas-test is unconditioned; leave labels empty");
        assertInvalid(request("shots", "cond-test", rows, 4).setNoise(NoiseModel.newBuilder().setReadoutError(0.1)).build(),
                "noise", "noise: only provider \"noisy\" takes a noise model, not \"shots\"");
        assertInvalid(request("noisy", "cond-test", rows, 4).setNoise(NoiseModel.newBuilder().setReadoutError(0.7)).build(),
                "noise.readout_error", "noise.readout_error: must be in [0, 0.5], got 0.7");
        assertInvalid(request("quantum-annealer", "cond-test", rows, 4).build(), "provider",
                "provider: unknown provider \"quantum-annealer\"; available: [statevector, shots, noisy, ibm]");
        assertInvalid(request("shots", "cond-test", rows, 4).setDevice("ibm_torino").build(), "device",
                "device: provider shots has only the device \"default\", got \"ibm_torino\"");
        assertInvalid(request("noisy", "wide-test", inputRows(1, 64, 5), 64).setMode(ExecutionMode.EXECUTION_MODE_WHOLE_CHAIN)
                .setTimestep(3).setSteps(3).addLabels(0).build(), "steps",
                "steps: a whole chain of 3 steps needs 12 qubits; provider noisy runs at most 10");
        assertInvalid(request("shots", "cond-test", rows, 4).setShots(-1).build(), "shots", "shots: must be ≥ 0, got -1");
        assertInvalid(request("shots", "cond-test", rows, 4).setFirstSampleIndex(-2).build(), "first_sample_index",
                "first_sample_index: must be ≥ 0, got -2");
        assertInvalid(request("shots", "cond-test", rows, 4).setClientContext(
                        com.google.protobuf.ByteString.copyFrom(new byte[64 * 1024 + 1])).build(), "client_context",
                "client_context: at most 65536 bytes, got 65537");
        assertInvalid(request("shots", "cond-test", rows, 4).clearStates().build(), "states",
                "states: required ([B, 2^data_qubits] DTYPE_COMPLEX128)");
        assertInvalid(request("shots", "Bad Name", rows, 4).build(), "model.name",
                "model.name: expected lower-case letters, digits and '-', got 'Bad Name'");
        StatusRuntimeException missing = catchThrowableOfType(StatusRuntimeException.class,
                () -> stub.submitJob(request("shots", "no-such-model", rows, 4).build()));
        assertThat(missing.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
        assertThat(missing.getStatus().getDescription()).startsWith("model: no model 'no-such-model' in ");
        StatusRuntimeException noKey = catchThrowableOfType(StatusRuntimeException.class,
                () -> stub.submitJob(request("ibm", "cond-test", rows, 4).build()));
        assertThat(noKey.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
        assertThat(noKey.getStatus().getDescription()).isEqualTo(
                "provider: ibm has no API key (set QDM_IBM_API_KEY or qdm.qpu.ibm.api-key-file)");
    }
}
