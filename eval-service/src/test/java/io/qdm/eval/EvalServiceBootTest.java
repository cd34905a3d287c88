package io.qdm.eval;

import io.qdm.proto.eval.v1.EvalServiceGrpc;
import io.qdm.proto.eval.v1.ListExtractorsRequest;
import io.qdm.testing.RealKafkaBroker;
import io.qdm.testing.ServiceBootContract;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;

@QuarkusTest
@QuarkusTestResource(RealKafkaBroker.class)
class EvalServiceBootTest extends ServiceBootContract {

    @Override
    protected List<String> grpcServices() {
        return List.of("qdm.eval.v1.EvalService");
    }

    @Test
    void unbuiltRpcAnswersUnimplementedWithAClearMessage() {
        assertUnimplemented(channel -> EvalServiceGrpc.newBlockingStub(channel)
                        .listExtractors(ListExtractorsRequest.getDefaultInstance()),
                "qdm.eval.v1.EvalService/ListExtractors is not implemented yet (issue #6)");
    }
}
