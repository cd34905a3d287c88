package io.qdm.circuit.grpc;

import io.grpc.Status;
import io.qdm.proto.generation.v1.CancelJobRequest;
import io.qdm.proto.generation.v1.GenerateEvent;
import io.qdm.proto.generation.v1.GenerateRequest;
import io.qdm.proto.generation.v1.GenerateResponse;
import io.qdm.proto.generation.v1.GenerationJob;
import io.qdm.proto.generation.v1.GenerationService;
import io.qdm.proto.generation.v1.GetJobRequest;
import io.qdm.proto.generation.v1.ListJobsRequest;
import io.qdm.proto.generation.v1.ListJobsResponse;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/** gRPC transport of qdm.generation.v1.GenerationService: maps requests in, delegates to the service layer, maps replies out. */
@GrpcService
public class GenerationGrpcService implements GenerationService {

    @Override
    public Uni<GenerateResponse> generate(GenerateRequest request) {
        return Uni.createFrom().failure(notYet("Generate"));
    }

    @Override
    public Multi<GenerateEvent> generateStream(GenerateRequest request) {
        return Multi.createFrom().failure(notYet("GenerateStream"));
    }

    @Override
    public Uni<GenerationJob> submitGeneration(GenerateRequest request) {
        return Uni.createFrom().failure(notYet("SubmitGeneration"));
    }

    @Override
    public Uni<GenerationJob> getJob(GetJobRequest request) {
        return Uni.createFrom().failure(notYet("GetJob"));
    }

    @Override
    public Multi<GenerationJob> watchJob(GetJobRequest request) {
        return Multi.createFrom().failure(notYet("WatchJob"));
    }

    @Override
    public Uni<GenerationJob> cancelJob(CancelJobRequest request) {
        return Uni.createFrom().failure(notYet("CancelJob"));
    }

    @Override
    public Uni<ListJobsResponse> listJobs(ListJobsRequest request) {
        return Uni.createFrom().failure(notYet("ListJobs"));
    }

    private static RuntimeException notYet(String method) {
        return Status.UNIMPLEMENTED
                .withDescription("qdm.generation.v1.GenerationService/" + method + " is not implemented yet (issue #7)")
                .asRuntimeException();
    }
}
