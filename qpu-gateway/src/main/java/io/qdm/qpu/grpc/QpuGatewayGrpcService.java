package io.qdm.qpu.grpc;

import io.grpc.Status;
import io.qdm.proto.qpu.v1.GetQpuJobRequest;
import io.qdm.proto.qpu.v1.ListBackendsRequest;
import io.qdm.proto.qpu.v1.ListBackendsResponse;
import io.qdm.proto.qpu.v1.QpuGateway;
import io.qdm.proto.qpu.v1.QpuJob;
import io.qdm.proto.qpu.v1.SubmitQpuJobRequest;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/** gRPC transport of qdm.qpu.v1.QpuGateway: maps requests in, delegates to the service layer, maps replies out. */
@GrpcService
public class QpuGatewayGrpcService implements QpuGateway {

    @Override
    public Uni<ListBackendsResponse> listBackends(ListBackendsRequest request) {
        return Uni.createFrom().failure(notYet("ListBackends"));
    }

    @Override
    public Uni<QpuJob> submitJob(SubmitQpuJobRequest request) {
        return Uni.createFrom().failure(notYet("SubmitJob"));
    }

    @Override
    public Uni<QpuJob> getJob(GetQpuJobRequest request) {
        return Uni.createFrom().failure(notYet("GetJob"));
    }

    @Override
    public Multi<QpuJob> watchJob(GetQpuJobRequest request) {
        return Multi.createFrom().failure(notYet("WatchJob"));
    }

    @Override
    public Uni<QpuJob> cancelJob(GetQpuJobRequest request) {
        return Uni.createFrom().failure(notYet("CancelJob"));
    }

    private static RuntimeException notYet(String method) {
        return Status.UNIMPLEMENTED
                .withDescription("qdm.qpu.v1.QpuGateway/" + method + " is not implemented yet (issue #8)")
                .asRuntimeException();
    }
}
