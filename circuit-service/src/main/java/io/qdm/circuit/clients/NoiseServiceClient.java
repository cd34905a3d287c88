package io.qdm.circuit.clients;

import io.qdm.circuit.config.CircuitConfig;
import io.qdm.circuit.generation.InitialStates;
import io.qdm.proto.common.v1.RequestMeta;
import io.qdm.proto.noise.v1.InitialNoiseRequest;
import io.qdm.proto.noise.v1.InitialNoiseResponse;
import io.qdm.proto.noise.v1.NoiseField;
import io.qdm.proto.noise.v1.NoiseServiceGrpc;
import io.qdm.proto.noise.v1.TrainingPairBatch;
import io.qdm.proto.noise.v1.TrainingPairsRequest;
import io.qdm.wire.Tensors;
import io.quarkus.grpc.GrpcClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Iterator;
import java.util.concurrent.TimeUnit;

/**
 * noise-service over gRPC (client "noise": {@code quarkus.grpc.clients.noise.host/port}, env QDM_NOISE_HOST /
 * QDM_NOISE_PORT). Maps and delegates only; every call carries a deadline so that a stuck peer fails the request
 * instead of holding a worker thread.
 */
@ApplicationScoped
public class NoiseServiceClient implements InitialStates {

    @GrpcClient("noise")
    NoiseServiceGrpc.NoiseServiceBlockingStub noise;

    @Inject
    CircuitConfig config;

    @Override
    public double[][] draw(int count, int dimension, long seed, long firstSampleIndex) {
        InitialNoiseResponse response = noise.withDeadlineAfter(config.peerTimeoutSeconds(), TimeUnit.SECONDS)
                .initialNoise(InitialNoiseRequest.newBuilder()
                        .setCount(count)
                        .setDimension(dimension)
                        .setSeed(seed)
                        .setFirstSampleIndex(firstSampleIndex)
                        .setField(NoiseField.NOISE_FIELD_COMPLEX)
                        .build());
        return Tensors.decodeComplexRows(response.getStates(), "states", dimension);
    }

    /** The training-pair stream of a request (blocking iterator, back-pressured by the reader). */
    public Iterator<TrainingPairBatch> trainingPairs(TrainingPairsRequest request, String requestId) {
        return noise.streamTrainingPairs(request.toBuilder()
                .setMeta(RequestMeta.newBuilder().setRequestId(requestId))
                .build());
    }
}
