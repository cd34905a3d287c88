package io.qdm.circuit;

import io.qdm.proto.circuit.v1.CircuitServiceGrpc;
import io.qdm.proto.circuit.v1.ExportQasmRequest;
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
        assertUnimplemented(channel -> CircuitServiceGrpc.newBlockingStub(channel)
                        .exportQasm(ExportQasmRequest.getDefaultInstance()),
                "qdm.circuit.v1.CircuitService/ExportQasm is not implemented yet (issue #3)");
    }
}
