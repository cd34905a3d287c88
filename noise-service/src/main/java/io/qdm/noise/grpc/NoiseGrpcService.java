package io.qdm.noise.grpc;

import io.grpc.Status;
import io.qdm.proto.noise.v1.InitialNoiseRequest;
import io.qdm.proto.noise.v1.InitialNoiseResponse;
import io.qdm.proto.noise.v1.ListDatasetsRequest;
import io.qdm.proto.noise.v1.ListDatasetsResponse;
import io.qdm.proto.noise.v1.NoiseRequest;
import io.qdm.proto.noise.v1.NoiseResponse;
import io.qdm.proto.noise.v1.NoiseSchedule;
import io.qdm.proto.noise.v1.NoiseService;
import io.qdm.proto.noise.v1.ScheduleValues;
import io.qdm.proto.noise.v1.TrainingPairBatch;
import io.qdm.proto.noise.v1.TrainingPairsRequest;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/** gRPC transport of the noise-service: maps requests in, delegates to the noise domain, maps replies out. */
@GrpcService
public class NoiseGrpcService implements NoiseService {

    @Override
    public Uni<NoiseResponse> noise(NoiseRequest request) {
        return Uni.createFrom().failure(notYet("Noise"));
    }

    @Override
    public Uni<InitialNoiseResponse> initialNoise(InitialNoiseRequest request) {
        return Uni.createFrom().failure(notYet("InitialNoise"));
    }

    @Override
    public Multi<TrainingPairBatch> streamTrainingPairs(TrainingPairsRequest request) {
        return Multi.createFrom().failure(notYet("StreamTrainingPairs"));
    }

    @Override
    public Uni<ListDatasetsResponse> listDatasets(ListDatasetsRequest request) {
        return Uni.createFrom().failure(notYet("ListDatasets"));
    }

    @Override
    public Uni<ScheduleValues> describeSchedule(NoiseSchedule request) {
        return Uni.createFrom().failure(notYet("DescribeSchedule"));
    }

    private static RuntimeException notYet(String method) {
        return Status.UNIMPLEMENTED
                .withDescription("qdm.noise.v1.NoiseService/" + method + " is not implemented yet (issue #4)")
                .asRuntimeException();
    }
}
