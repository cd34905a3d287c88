package io.qdm.noise;

import io.qdm.proto.noise.v1.DatasetInfo;
import io.qdm.proto.noise.v1.ListDatasetsRequest;
import io.qdm.proto.noise.v1.NoiseServiceGrpc;
import io.qdm.testing.RealKafkaBroker;
import io.qdm.testing.ServiceBootContract;
import io.qdm.testing.ServiceProbe;
import io.grpc.ManagedChannel;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
@QuarkusTestResource(RealKafkaBroker.class)
@QuarkusTestResource(NoiseTestData.class)
class NoiseServiceBootTest extends ServiceBootContract {

    @Override
    protected List<String> grpcServices() {
        return List.of("qdm.noise.v1.NoiseService");
    }

    @Test
    void listDatasetsAnswersWithTheConfiguredLatentsOnly() {
        ManagedChannel channel = ServiceProbe.channel(port());
        try {
            List<DatasetInfo> datasets = NoiseServiceGrpc.newBlockingStub(channel)
                    .listDatasets(ListDatasetsRequest.getDefaultInstance()).getDatasetsList();
            // The test data dir holds only a corrupt MNIST file, which must not be listed.
            assertThat(datasets).extracting(DatasetInfo::getName, DatasetInfo::getCount)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("latent", (long) NoiseTestData.LATENTS));
        } finally {
            channel.shutdownNow();
        }
    }
}
