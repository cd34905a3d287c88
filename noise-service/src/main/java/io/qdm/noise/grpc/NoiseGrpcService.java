package io.qdm.noise.grpc;

import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.qdm.noise.NoiseCall;
import io.qdm.noise.ProcessSpec;
import io.qdm.noise.mapping.NoiseMapper;
import io.qdm.noise.noise.NoiseField;
import io.qdm.noise.noise.NoiseForm;
import io.qdm.noise.service.DatasetSource;
import io.qdm.noise.service.StateNoiser;
import io.qdm.noise.service.TrainingPairRuns;
import io.qdm.proto.noise.v1.InitialNoiseRequest;
import io.qdm.proto.noise.v1.InitialNoiseResponse;
import io.qdm.proto.noise.v1.ListDatasetsRequest;
import io.qdm.proto.noise.v1.ListDatasetsResponse;
import io.qdm.proto.noise.v1.NoiseRequest;
import io.qdm.proto.noise.v1.NoiseResponse;
import io.qdm.proto.noise.v1.NoiseSchedule;
import io.qdm.proto.noise.v1.NoiseServiceGrpc;
import io.qdm.proto.noise.v1.ScheduleValues;
import io.qdm.proto.noise.v1.TrainingPairBatch;
import io.qdm.proto.noise.v1.TrainingPairsRequest;
import io.qdm.wire.Tensors;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.inject.Inject;

import java.util.function.Supplier;

/**
 * gRPC transport of the noise-service: maps requests in, delegates to {@code service/}, maps replies out, translates
 * errors ({@link GrpcErrors}).
 *
 * <p>Written against grpc-java's {@code NoiseServiceImplBase} rather than the Mutiny interface because Quarkus
 * subscribes to a returned {@code Multi} with unbounded demand: only the {@link ServerCallStreamObserver} readiness
 * signal lets {@code StreamTrainingPairs} follow the client's HTTP/2 flow control ({@link TrainingPairPump}).
 * Unary calls are CPU work and run on worker threads ({@link Blocking}), except InitialNoise's small requests.
 */
@GrpcService
public class NoiseGrpcService extends NoiseServiceGrpc.NoiseServiceImplBase {

    /**
     * Largest InitialNoise request, in amplitudes (count × dimension), answered on the event loop: 256 amplitudes (32
     * seeded rows of the latent model's 8) took 70–82 µs on the 2-core Xeon with a CI build running beside it, 1,024
     * took 160–200 µs: under 0.1 ms, short enough for an event-loop task.
     */
    static final long INLINE_MAX_AMPLITUDES = 256;

    @Inject
    StateNoiser noiser;

    @Inject
    TrainingPairRuns runs;

    @Inject
    DatasetSource datasets;

    private final Counter streamed;

    @Inject
    public NoiseGrpcService(MeterRegistry registry) {
        this.streamed = Counter.builder("qdm.noise.pair.batches.streamed")
                .description("TrainingPairBatch messages handed to gRPC by StreamTrainingPairs")
                .register(registry);
    }

    @Override
    @Blocking
    public void noise(NoiseRequest request, StreamObserver<NoiseResponse> out) {
        unary(out, () -> {
            NoiseCall call = NoiseMapper.toNoiseCall(request);
            double[][] noisy = noiser.noise(call);
            boolean realOutput = call.realInput() && call.process().field() == NoiseField.REAL;
            return NoiseResponse.newBuilder()
                    .setRequestId(request.getMeta().getRequestId())
                    .setStates(NoiseMapper.toStatesTensor(noisy, call.dimension(), realOutput))
                    .build();
        });
    }

    /**
     * Not {@code @Blocking}: a request of at most {@link #INLINE_MAX_AMPLITUDES} amplitudes (the gRPC Generate path
     * asks for one x_T row per image) is answered on the event loop, and only larger ones go to a worker thread. The
     * hand-off to a worker and back cost more than drawing such a row: with 16 clients each asking for one 8-amplitude
     * row, noise-service spent 0.20 ms of CPU per call through a worker and 0.09–0.12 ms inline (same run length, same
     * machine), and in the whole stack under 16 Generate clients 0.29–0.35 ms against 0.15–0.18 ms per call.
     */
    @Override
    public void initialNoise(InitialNoiseRequest request, StreamObserver<InitialNoiseResponse> out) {
        Runnable answer = () -> unary(out, () -> InitialNoiseResponse.newBuilder()
                .setRequestId(request.getMeta().getRequestId())
                .setStates(Tensors.complexRows(noiser.initialNoise(request.getCount(), request.getDimension(),
                        request.getSeed(), request.getFirstSampleIndex(), NoiseMapper.toField(request)),
                        request.getDimension()))
                .build());
        if (answersInline(request.getCount(), request.getDimension())) {
            answer.run();
        } else {
            Infrastructure.getDefaultWorkerPool().execute(answer);
        }
    }

    /** Whether a request of this shape is drawn on the event loop; invalid shapes go to a worker, which rejects them. */
    static boolean answersInline(int count, int dimension) {
        return count > 0 && dimension > 0 && (long) count * dimension <= INLINE_MAX_AMPLITUDES;
    }

    @Override
    public void streamTrainingPairs(TrainingPairsRequest request, StreamObserver<TrainingPairBatch> out) {
        TrainingPairPump.start(request, runs, (ServerCallStreamObserver<TrainingPairBatch>) out,
                Infrastructure.getDefaultWorkerPool(), streamed);
    }

    @Override
    @Blocking
    public void listDatasets(ListDatasetsRequest request, StreamObserver<ListDatasetsResponse> out) {
        unary(out, () -> ListDatasetsResponse.newBuilder()
                .addAllDatasets(datasets.list().stream().map(NoiseMapper::toProto).toList())
                .build());
    }

    @Override
    @Blocking
    public void describeSchedule(NoiseSchedule request, StreamObserver<ScheduleValues> out) {
        unary(out, () -> {
            ProcessSpec process = NoiseMapper.toProcess(request, NoiseForm.AUTHORS_CODE);
            return NoiseMapper.toScheduleValues(process, process.schedule().build());
        });
    }

    private static <T> void unary(StreamObserver<T> out, Supplier<T> call) {
        T reply;
        try {
            reply = call.get();
        } catch (RuntimeException e) {
            out.onError(GrpcErrors.toStatus(e));
            return;
        }
        out.onNext(reply);
        out.onCompleted();
    }
}
