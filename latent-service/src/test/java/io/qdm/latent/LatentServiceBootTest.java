package io.qdm.latent;

import io.qdm.proto.latent.v1.GetAutoencoderRequest;
import io.qdm.proto.latent.v1.LatentServiceGrpc;
import io.qdm.testing.RealKafkaBroker;
import io.qdm.testing.ServiceBootContract;
import io.qdm.testing.ServiceProbe;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
@QuarkusTestResource(RealKafkaBroker.class)
class LatentServiceBootTest extends ServiceBootContract {

    @Override
    protected List<String> grpcServices() {
        return List.of("qdm.latent.v1.LatentService");
    }

    @Test
    void servesTheShippedAutoencoder() {
        var channel = ServiceProbe.channel(port());
        try {
            var info = LatentServiceGrpc.newBlockingStub(channel).getAutoencoder(GetAutoencoderRequest.getDefaultInstance());
            assertThat(info.getAutoencoder().getName()).isEqualTo("mnist-autoencoder");
            assertThat(info.getAutoencoder().getVersion()).isEqualTo("2");
            assertThat(info.getLatentDim()).isEqualTo(8);
        } finally {
            channel.shutdownNow();
        }
    }
}
