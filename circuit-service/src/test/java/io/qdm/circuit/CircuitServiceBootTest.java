package io.qdm.circuit;

import io.qdm.proto.generation.v1.GenerationServiceGrpc;
import io.qdm.proto.generation.v1.GenerateRequest;
import io.qdm.testing.RealKafkaBroker;
import io.qdm.testing.ServiceBootContract;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;

@QuarkusTest
@QuarkusTestResource(RealKafkaBroker.class)
class CircuitServiceBootTest extends ServiceBootContract {

    @Override
    protected List<String> grpcServices() {
        return List.of("qdm.circuit.v1.CircuitService", "qdm.generation.v1.GenerationService");
    }

    @Test
    void unbuiltRpcAnswersUnimplementedWithAClearMessage() {
        assertUnimplemented(channel -> GenerationServiceGrpc.newBlockingStub(channel)
                        .generate(GenerateRequest.getDefaultInstance()),
                "qdm.generation.v1.GenerationService/Generate is not implemented yet (issue #7)");
    }
}
