package io.qdm.circuit.grpc;

import com.google.rpc.BadRequest;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.qdm.circuit.TestModels;
import io.qdm.circuit.service.ReverseProcess;
import io.qdm.proto.circuit.v1.AncillaMode;
import io.qdm.proto.circuit.v1.Architecture;
import io.qdm.proto.circuit.v1.CircuitServiceGrpc;
import io.qdm.proto.circuit.v1.DenoiseRequest;
import io.qdm.proto.circuit.v1.DenoiseResponse;
import io.qdm.proto.circuit.v1.ExportQasmRequest;
import io.qdm.proto.circuit.v1.ExportQasmResponse;
import io.qdm.proto.circuit.v1.QasmFlavor;
import io.qdm.proto.circuit.v1.GetModelRequest;
import io.qdm.proto.circuit.v1.ListModelsRequest;
import io.qdm.proto.circuit.v1.ModelInfo;
import io.qdm.proto.circuit.v1.ModelKind;
import io.qdm.proto.common.v1.ModelRef;
import io.qdm.proto.common.v1.RequestMeta;
import io.qdm.testing.RealKafkaBroker;
import io.qdm.testing.ServiceProbe;
import io.qdm.wire.Tensors;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.util.Arrays;

import static io.qdm.circuit.TestModels.randomStates;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@QuarkusTest
@QuarkusTestResource(RealKafkaBroker.class)
@QuarkusTestResource(TestModels.class)
class CircuitGrpcServiceTest {

    @TestHTTPResource("/")
    URL root;

    private ManagedChannel channel;
    private CircuitServiceGrpc.CircuitServiceBlockingStub stub;

    @BeforeEach
    void connect() {
        channel = ServiceProbe.channel(root.getPort());
        stub = CircuitServiceGrpc.newBlockingStub(channel);
    }

    @AfterEach
    void disconnect() {
        channel.shutdownNow();
    }

    private static double[] flat(double[][] rows) {
        return Arrays.stream(rows).flatMapToDouble(Arrays::stream).toArray();
    }

    private static DenoiseRequest request(double[][] rows, int[] labels, int t, int steps, long first) {
        DenoiseRequest.Builder b = DenoiseRequest.newBuilder()
                .setMeta(RequestMeta.newBuilder().setRequestId("req-42"))
                .setModel(ModelRef.newBuilder().setName(TestModels.CONDITIONED))
                .setStates(Tensors.complexMatrix(flat(rows), rows.length, rows[0].length / 2))
                .setTimestep(t).setSteps(steps).setSeed(9L).setFirstSampleIndex(first);
        for (int l : labels) {
            b.addLabels(l);
        }
        return b.build();
    }

    @Test
    void denoiseReturnsExactlyWhatTheReverseProcessComputes() {
        double[][] x = randomStates(4, 8, 77);
        int[] labels = {3, 1, 4, 1};
        DenoiseResponse response = stub.denoise(request(x, labels, 8, 8, 0));
        assertThat(response.getRequestId()).isEqualTo("req-42");
        assertThat(response.getModel().getVersion()).isEqualTo("1");
        assertThat(response.getStates().getShapeList()).containsExactly(4L, 8L);
        try (ReverseProcess direct = new ReverseProcess(1)) {
            double[][] expected = direct.denoise(TestModels.conditioned(), x, labels, 8, 8, 9L, 0);
            assertThat(Tensors.decodeComplexMatrix(response.getStates(), "states", 8)).containsExactly(flat(expected));
        }
        // the same rows split over two calls (first_sample_index set) give the same bytes
        DenoiseResponse head = stub.denoise(request(Arrays.copyOfRange(x, 0, 1), new int[] {3}, 8, 8, 0));
        DenoiseResponse tail = stub.denoise(request(Arrays.copyOfRange(x, 1, 4), new int[] {1, 4, 1}, 8, 8, 1));
        assertThat(head.getStates().getData().concat(tail.getStates().getData()))
                .isEqualTo(response.getStates().getData());
    }

    @Test
    void modelsAreListedWithTheirCircuit() {
        assertThat(stub.listModels(ListModelsRequest.getDefaultInstance()).getModelsList())
                .extracting(m -> m.getModel().getName())
                .containsExactly(TestModels.CONDITIONED, TestModels.UNCONDITIONED);
        ModelInfo info = stub.getModel(GetModelRequest.newBuilder()
                .setModel(ModelRef.newBuilder().setName(TestModels.CONDITIONED)).build());
        assertThat(info.getParameterCount()).isEqualTo(1110);
        assertThat(info.getKind()).isEqualTo(ModelKind.MODEL_KIND_CONDITIONED_LATENT);
        assertThat(info.getAnsatz().getArchitecture()).isEqualTo(Architecture.ARCHITECTURE_REVERSE_BOTTLENECK);
        assertThat(info.getAnsatz().getAncillaMode()).isEqualTo(AncillaMode.ANCILLA_MODE_MEASURE);
        assertThat(info.getAnsatz().getLayersList()).containsExactly(15, 20, 15);
        assertThat(info.getCheckpointSha256()).hasSize(64);
    }

    @Test
    void exportsTheTrainedCircuitAsOpenQasm() {
        double[] p = TestModels.conditioned().parameters();
        ExportQasmResponse bound = stub.exportQasm(ExportQasmRequest.newBuilder()
                .setModel(ModelRef.newBuilder().setName(TestModels.CONDITIONED))
                .setFlavor(QasmFlavor.QASM_FLAVOR_QASM3_BOUND).setTimestep(3).setLabel(7).build());
        String qasm = bound.getQasm();
        assertThat(qasm).startsWith("OPENQASM 3.0;");
        // 370 Rot gates (15x7 + 20x8 + 15x7), each rz ry rz, and one CNOT per Rot in the rings
        assertThat(qasm.lines().filter(l -> l.startsWith("ry(")).count()).isEqualTo(370);
        assertThat(qasm.lines().filter(l -> l.startsWith("cx ")).count()).isEqualTo(370);
        // the first gate is Rot's first RZ on system wire 0 (q[1]; q[0] is the ancilla) with the first parameter
        assertThat(qasm).contains("rz(" + p[0] + ") q[1];");
        assertThat(bound.getParametersJson()).isEmpty();

        ExportQasmResponse parametric = stub.exportQasm(ExportQasmRequest.newBuilder()
                .setModel(ModelRef.newBuilder().setName(TestModels.CONDITIONED))
                .setFlavor(QasmFlavor.QASM_FLAVOR_QASM3_PARAMETRIC).setTimestep(1).setLabel(0).build());
        assertThat(parametric.getQasm()).contains("input float[64] s1_l0_w0_0;");
        assertThat(parametric.getParametersJson()).startsWith("{\"s1_l0_w0_0\": " + p[0] + ", ");
        assertThat(parametric.getParametersJson().split(",")).hasSize(1110);

        assertThat(stub.exportQasm(ExportQasmRequest.newBuilder()
                .setModel(ModelRef.newBuilder().setName(TestModels.CONDITIONED))
                .setFlavor(QasmFlavor.QASM_FLAVOR_QASM2).setTimestep(8).setLabel(9).build()).getQasm())
                .startsWith("OPENQASM 2.0;");
        assertThatThrownBy(() -> stub.exportQasm(ExportQasmRequest.newBuilder()
                .setModel(ModelRef.newBuilder().setName(TestModels.CONDITIONED)).setTimestep(9).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> assertThat(e.getStatus().getDescription())
                        .isEqualTo("timestep: must be in [1, 8] for model conditioned-latent-test:1, got 9"));
    }

    @Test
    void badInputAnswersInvalidArgumentNamingTheField() {
        double[][] x = randomStates(1, 8, 5);
        assertInvalid(request(randomStates(1, 4, 5), new int[] {1}, 1, 1, 0), "states",
                "states: expected 8 amplitudes per row, got 4");
        double[][] scaled = {x[0].clone()};
        scaled[0][0] *= 2;
        assertInvalid(request(scaled, new int[] {1}, 1, 1, 0), "states", null);
        double[][] nan = {x[0].clone()};
        nan[0][1] = Double.NaN;
        assertInvalid(request(nan, new int[] {1}, 1, 1, 0), "states", "states: non-finite value NaN at flat index 1");
        assertInvalid(request(x, new int[] {11}, 1, 1, 0), "labels", "labels: label 11 at row 0 is outside 0..9");
        assertInvalid(request(x, new int[] {1}, 0, 1, 0), "timestep",
                "timestep: must be in [1, 8] for model conditioned-latent-test:1, got 0");
        assertInvalid(request(x, new int[] {1}, 1, 1, 0).toBuilder()
                        .setModel(ModelRef.newBuilder().setName("no-such-model")).build(), "model",
                "model: unknown model no-such-model; registered models: conditioned-latent-test, latent-small-test");
    }

    private void assertInvalid(DenoiseRequest request, String field, String description) {
        assertThatThrownBy(() -> stub.denoise(request)).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
            if (description != null) {
                assertThat(e.getStatus().getDescription()).isEqualTo(description);
            } else {
                assertThat(e.getStatus().getDescription()).startsWith(field + ": ");
            }
            com.google.rpc.Status details = StatusProto.fromThrowable(e);
            assertThat(details).isNotNull();
            try {
                BadRequest bad = details.getDetails(0).unpack(BadRequest.class);
                assertThat(bad.getFieldViolations(0).getField()).isEqualTo(field);
            } catch (com.google.protobuf.InvalidProtocolBufferException ex) {
                throw new AssertionError(ex);
            }
        });
    }
}
