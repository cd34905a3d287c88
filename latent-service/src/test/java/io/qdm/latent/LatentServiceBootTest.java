package io.qdm.latent;

import io.qdm.proto.latent.v1.LatentServiceGrpc;
import io.qdm.proto.latent.v1.GetAutoencoderRequest;
import io.qdm.testing.RealKafkaBroker;
import io.qdm.testing.ServiceBootContract;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;

@QuarkusTest
@QuarkusTestResource(RealKafkaBroker.class)
class LatentServiceBootTest extends ServiceBootContract {

    @Override
    protected List<String> grpcServices() {
        return List.of("qdm.latent.v1.LatentService");
    }

    @Test
    void unbuiltRpcAnswersUnimplementedWithAClearMessage() {
        assertUnimplemented(channel -> LatentServiceGrpc.newBlockingStub(channel)
                        .getAutoencoder(GetAutoencoderRequest.getDefaultInstance()),
                "qdm.latent.v1.LatentService/GetAutoencoder is not implemented yet (issue #5)");
    }
}
