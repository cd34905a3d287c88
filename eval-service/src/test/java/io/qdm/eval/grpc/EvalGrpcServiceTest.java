package io.qdm.eval.grpc;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.qdm.proto.eval.v1.AddSamplesRequest;
import io.qdm.proto.eval.v1.EvalServiceGrpc;
import io.qdm.proto.eval.v1.EvaluationReport;
import io.qdm.proto.eval.v1.GetReportRequest;
import io.qdm.testing.RealKafkaBroker;
import io.qdm.testing.ServiceProbe;
import io.qdm.wire.Tensors;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URL;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@QuarkusTest
@QuarkusTestResource(RealKafkaBroker.class)
class EvalGrpcServiceTest {

    @TestHTTPResource("/")
    URL root;

    @Test
    void addedSamplesAreReportedAndBadOnesRejected() {
        ManagedChannel channel = ServiceProbe.channel(root.getPort());
        try {
            EvalServiceGrpc.EvalServiceBlockingStub stub = EvalServiceGrpc.newBlockingStub(channel);
            float[] pixels = new float[2 * 784];
            java.util.Arrays.fill(pixels, 0, 784, 0.5f);
            AddSamplesRequest add = AddSamplesRequest.newBuilder().setRunId("grpc-run")
                    .setImages(Tensors.float32(pixels, 2, 28, 28)).setLabels(Tensors.int32(new int[] {4, 4})).build();
            assertThat(stub.addSamples(add).getSamples()).isEqualTo(2);
            EvaluationReport report = stub.getReport(GetReportRequest.newBuilder().setRunId("grpc-run").build());
            assertThat(report.getMetricsMap().get("samples")).isEqualTo(2.0);
            assertThat(report.getMetricsMap().get("pixel_mean")).isEqualTo(0.25);
            assertThat(report.getMetricsMap().get("label_count_4")).isEqualTo(2.0);

            assertThatThrownBy(() -> stub.getReport(GetReportRequest.newBuilder().setRunId("nope").build()))
                    .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
                        assertThat(e.getStatus().getDescription()).startsWith("run_id: unknown run 'nope'; known runs: ");
                    });
            AddSamplesRequest wrongShape = add.toBuilder().setImages(Tensors.float32(new float[16], 1, 4, 4)).build();
            assertThatThrownBy(() -> stub.addSamples(wrongShape))
                    .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                        assertThat(e.getStatus().getDescription()).isEqualTo("images: shape [1, 4, 4], expected [B, 28, 28]");
                    });
        } finally {
            channel.shutdownNow();
        }
    }
}
