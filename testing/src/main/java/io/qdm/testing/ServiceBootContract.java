package io.qdm.testing;

import grpc.health.v1.HealthOuterClass.HealthCheckResponse.ServingStatus;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.http.TestHTTPResource;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every QDM service must do once it boots, asserted the way an operator would see it: gRPC health SERVING for
 * the server and each of its gRPC services, HTTP liveness/readiness UP (readiness includes the Kafka channels,
 * so it needs the real broker), Prometheus metrics served. A service test extends this with {@code @QuarkusTest}
 * and {@code @QuarkusTestResource(RealKafkaBroker.class)}.
 */
public abstract class ServiceBootContract {

    @TestHTTPResource("/")
    protected URL root;

    /** Fully qualified gRPC service names this application serves, e.g. {@code qdm.noise.v1.NoiseService}. */
    protected abstract List<String> grpcServices();

    protected int port() {
        return root.getPort();
    }

    @Test
    void grpcHealthIsServingForTheServerAndEachService() {
        assertThat(ServiceProbe.grpcHealth(port(), "")).isEqualTo(ServingStatus.SERVING);
        for (String service : grpcServices()) {
            assertThat(ServiceProbe.grpcHealth(port(), service)).as(service).isEqualTo(ServingStatus.SERVING);
        }
    }

    @Test
    void httpHealthAndMetricsAnswer() {
        HttpResponse<String> live = ServiceProbe.httpGet(root + "q/health/live");
        assertThat(live.statusCode()).as(live.body()).isEqualTo(200);
        assertThat(live.body()).contains("\"status\": \"UP\"");
        // Readiness includes the Kafka consumers, which need a moment after boot to get their partitions.
        HttpResponse<String> ready = ServiceProbe.awaitHttp200(root + "q/health/ready", java.time.Duration.ofSeconds(30));
        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
        assertThat(ready.body()).contains("\"status\": \"UP\"");
        HttpResponse<String> metrics = ServiceProbe.httpGet(root + "q/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("jvm_memory_used_bytes");
    }

    /** Asserts that a call fails with UNIMPLEMENTED and exactly this description (no fake results). */
    protected void assertUnimplemented(Consumer<ManagedChannel> call, String expectedDescription) {
        ManagedChannel channel = ServiceProbe.channel(port());
        try {
            assertThatThrownBy(() -> call.accept(channel))
                    .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED);
                        assertThat(e.getStatus().getDescription()).isEqualTo(expectedDescription);
                    });
        } finally {
            channel.shutdownNow();
        }
    }
}
