package io.qdm.qpu;

import io.qdm.proto.qpu.v1.QpuGatewayGrpc;
import io.qdm.proto.qpu.v1.GetQpuJobRequest;
import io.qdm.testing.RealKafkaBroker;
import io.qdm.testing.ServiceBootContract;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;

@QuarkusTest
@QuarkusTestResource(RealKafkaBroker.class)
class QpuGatewayBootTest extends ServiceBootContract {

    @Override
    protected List<String> grpcServices() {
        return List.of("qdm.qpu.v1.QpuGateway");
    }

    @Test
    void unbuiltRpcAnswersUnimplementedWithAClearMessage() {
        assertUnimplemented(channel -> QpuGatewayGrpc.newBlockingStub(channel)
                        .cancelJob(GetQpuJobRequest.getDefaultInstance()),
                "qdm.qpu.v1.QpuGateway/CancelJob is not implemented yet (issue #8)");
    }
}
