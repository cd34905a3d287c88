package io.qdm.qpu;

import io.grpc.StatusRuntimeException;
import io.qdm.proto.qpu.v1.GetQpuJobRequest;
import io.qdm.proto.qpu.v1.QpuGatewayGrpc;
import io.qdm.testing.RealKafkaBroker;
import io.qdm.testing.ServiceBootContract;
import io.qdm.testing.ServiceProbe;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

@QuarkusTest
@QuarkusTestResource(RealKafkaBroker.class)
class QpuGatewayBootTest extends ServiceBootContract {

    @Override
    protected List<String> grpcServices() {
        return List.of("qdm.qpu.v1.QpuGateway");
    }

    @Test
    void everyRpcIsLiveCancelOfAnEmptyJobIdNamesTheField() {
        var channel = ServiceProbe.channel(port());
        try {
            StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class,
                    () -> QpuGatewayGrpc.newBlockingStub(channel).cancelJob(GetQpuJobRequest.getDefaultInstance()));
            assertThat(e.getStatus().getCode()).isEqualTo(io.grpc.Status.Code.INVALID_ARGUMENT);
            assertThat(e.getStatus().getDescription()).isEqualTo("job_id: required");
        } finally {
            channel.shutdownNow();
        }
    }
}
