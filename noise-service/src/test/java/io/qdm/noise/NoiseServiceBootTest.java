package io.qdm.noise;

import grpc.health.v1.HealthOuterClass.HealthCheckResponse.ServingStatus;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.qdm.proto.noise.v1.NoiseServiceGrpc;
import io.qdm.proto.noise.v1.ListDatasetsRequest;
import io.qdm.testing.RealKafkaBroker;
import io.qdm.testing.ServiceProbe;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@QuarkusTest
@QuarkusTestResource(RealKafkaBroker.class)
class NoiseServiceBootTest {

    @TestHTTPResource("/")
    URL root;

    @Test
    void grpcHealthIsServing() {
        assertThat(ServiceProbe.grpcHealth(root.getPort(), "")).isEqualTo(ServingStatus.SERVING);
        assertThat(ServiceProbe.grpcHealth(root.getPort(), "qdm.noise.v1.NoiseService")).isEqualTo(ServingStatus.SERVING);
    }

    @Test
    void httpHealthAndMetricsAnswer() {
        HttpResponse<String> live = ServiceProbe.httpGet(root + "q/health/live");
        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(live.body()).contains("\"status\": \"UP\"");
        HttpResponse<String> ready = ServiceProbe.httpGet(root + "q/health/ready");
        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
        HttpResponse<String> metrics = ServiceProbe.httpGet(root + "q/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("jvm_memory_used_bytes");
    }

    @Test
    void unbuiltRpcAnswersUnimplementedWithAClearMessage() {
        ManagedChannel channel = ServiceProbe.channel(root.getPort());
        try {
            assertThatThrownBy(() -> NoiseServiceGrpc.newBlockingStub(channel)
                    .listDatasets(ListDatasetsRequest.getDefaultInstance()))
                    .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED);
                        assertThat(e.getStatus().getDescription())
                                .isEqualTo("qdm.noise.v1.NoiseService/ListDatasets is not implemented yet (issue #4)");
                    });
        } finally {
            channel.shutdownNow();
        }
    }
}
