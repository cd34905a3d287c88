package io.qdm.circuit;

import io.qdm.proto.generation.v1.GenerationServiceGrpc;
import io.qdm.proto.generation.v1.GenerateRequest;
import io.qdm.testing.RealKafkaBroker;
import io.qdm.testing.ServiceBootContract;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@QuarkusTest
@QuarkusTestResource(RealKafkaBroker.class)
class CircuitServiceBootTest extends ServiceBootContract {

    @Override
    protected List<String> grpcServices() {
        return List.of("qdm.circuit.v1.CircuitService", "qdm.generation.v1.GenerationService");
    }

    @Test
    void generateWithoutAModelIsRejectedNamingTheField() {
        var channel = io.qdm.testing.ServiceProbe.channel(port());
        try {
            assertThatThrownBy(() -> GenerationServiceGrpc.newBlockingStub(channel)
                    .generate(GenerateRequest.newBuilder().setCount(1).build()))
                    .isInstanceOfSatisfying(io.grpc.StatusRuntimeException.class, e -> {
                        assertThat(e.getStatus().getCode()).isEqualTo(io.grpc.Status.Code.INVALID_ARGUMENT);
                        assertThat(e.getStatus().getDescription()).isEqualTo("model.name: missing");
                    });
        } finally {
            channel.shutdownNow();
        }
    }
}
