package io.qdm.noise.grpc;

import com.google.protobuf.ByteString;
import com.google.rpc.BadRequest;
import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.qdm.noise.NoiseTestData;
import io.qdm.noise.mapping.NoiseMapper;
import io.qdm.noise.noise.ForwardProcess;
import io.qdm.noise.noise.InitialNoise;
import io.qdm.noise.noise.NoiseField;
import io.qdm.noise.noise.NoiseForm;
import io.qdm.noise.pairs.PairKind;
import io.qdm.noise.pairs.TrainingPairMaker;
import io.qdm.noise.pairs.TrainingPairStream;
import io.qdm.noise.preprocess.DatasetRequest;
import io.qdm.noise.preprocess.EncodedDataset;
import io.qdm.noise.preprocess.LatentDatasetFile;
import io.qdm.noise.schedule.NoiseSchedule;
import io.qdm.noise.service.DatasetSource;
import io.qdm.proto.common.v1.DType;
import io.qdm.proto.common.v1.RequestMeta;
import io.qdm.proto.common.v1.Tensor;
import io.qdm.proto.noise.v1.DatasetInfo;
import io.qdm.proto.noise.v1.DatasetSpec;
import io.qdm.proto.noise.v1.InitialNoiseRequest;
import io.qdm.proto.noise.v1.ListDatasetsRequest;
import io.qdm.proto.noise.v1.NoiseRequest;
import io.qdm.proto.noise.v1.NoiseResponse;
import io.qdm.proto.noise.v1.NoiseServiceGrpc;
import io.qdm.proto.noise.v1.ScheduleKind;
import io.qdm.proto.noise.v1.ScheduleValues;
import io.qdm.proto.noise.v1.TrainingPairBatch;
import io.qdm.proto.noise.v1.TrainingPairsRequest;
import io.qdm.testing.RealKafkaBroker;
import io.qdm.testing.ServiceProbe;
import io.qdm.wire.Tensors;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.net.URL;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * NoiseService over a real gRPC channel (a plain grpc-java blocking stub on the test port): exact replies against the
 * domain functions, and every kind of bad input answered with the right status, the field and the reason.
 */
@QuarkusTest
@QuarkusTestResource(RealKafkaBroker.class)
@QuarkusTestResource(NoiseTestData.class)
class NoiseGrpcServiceTest {

    @TestHTTPResource("/")
    URL root;

    private ManagedChannel channel;
    private NoiseServiceGrpc.NoiseServiceBlockingStub stub;

    @BeforeEach
    void connect() {
        channel = ServiceProbe.channel(root.getPort());
        stub = NoiseServiceGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
    }

    @AfterEach
    void close() {
        channel.shutdownNow();
    }

    /** Three unit rows of dimension 8, interleaved complex, with non-zero imaginary parts. */
    private static double[][] cleanStates() {
        double[][] rows = new double[3][16];
        for (int i = 0; i < 3; i++) {
            for (int k = 0; k < 16; k++) {
                rows[i][k] = 1 + ((i * 7 + k * 3) % 11);
            }
            double n = io.qdm.noise.noise.Amplitudes.norm(rows[i]);
            for (int k = 0; k < 16; k++) {
                rows[i][k] /= n;
            }
        }
        return rows;
    }

    @Test
    void noiseWithDefaultsReturnsExactlyTheAuthorsForwardProcessOutput() {
        double[][] x0 = cleanStates();
        NoiseResponse reply = stub.noise(NoiseRequest.newBuilder()
                .setMeta(RequestMeta.newBuilder().setRequestId("n-1"))
                .setStates(Tensors.complexRows(x0, 8))
                .setTimestep(5).setSeed(1234).setFirstSampleIndex(7).setNormalise(true)
                .build());

        double[][] expected = ForwardProcess.authorsLatent().noise(x0, 5, 1234, 7, true);
        assertThat(reply.getRequestId()).isEqualTo("n-1");
        assertThat(reply.getStates()).isEqualTo(Tensors.complexRows(expected, 8));
    }

    @Test
    void realNoiseOnRealInputUnderACosineDdpmScheduleStaysReal() {
        double[] real = {0.5, 0.5, 0.5, 0.5, 0.6, 0.0, 0.8, 0.0};
        NoiseResponse reply = stub.noise(NoiseRequest.newBuilder()
                .setStates(Tensors.float64(real, 2, 4))
                .setTimestep(3).setSeed(9)
                .setSchedule(io.qdm.proto.noise.v1.NoiseSchedule.newBuilder()
                        .setKind(ScheduleKind.SCHEDULE_KIND_COSINE).setTimesteps(10).setCosineExponent(0.5)
                        .setForm(io.qdm.proto.noise.v1.NoiseForm.NOISE_FORM_DDPM)
                        .setField(io.qdm.proto.noise.v1.NoiseField.NOISE_FIELD_REAL))
                .build());

        ForwardProcess process = new ForwardProcess(NoiseSchedule.cosine(10, 0.5), NoiseForm.DDPM, NoiseField.REAL);
        double[][] x0 = {
            io.qdm.noise.noise.Amplitudes.fromReal(new double[] {0.5, 0.5, 0.5, 0.5}),
            io.qdm.noise.noise.Amplitudes.fromReal(new double[] {0.6, 0.0, 0.8, 0.0})};
        double[][] expected = process.noise(x0, 3, 9, 0, false);
        double[] expectedReal = new double[8];
        for (int i = 0; i < 2; i++) {
            for (int k = 0; k < 4; k++) {
                expectedReal[4 * i + k] = expected[i][2 * k];
            }
        }
        assertThat(reply.getStates()).isEqualTo(Tensors.float64(expectedReal, 2, 4));
    }

    @Test
    void initialNoiseIsTheSameAsOneCallOrSplitInTwoWithFirstSampleIndex() {
        InitialNoiseRequest all = InitialNoiseRequest.newBuilder().setCount(5).setDimension(8).setSeed(77).build();
        Tensor whole = stub.initialNoise(all).getStates();
        Tensor head = stub.initialNoise(all.toBuilder().setCount(2).build()).getStates();
        Tensor tail = stub.initialNoise(all.toBuilder().setCount(3).setFirstSampleIndex(2).build()).getStates();

        assertThat(whole).isEqualTo(Tensors.complexRows(InitialNoise.sample(5, 8, 77, 0, NoiseField.COMPLEX), 8));
        assertThat(whole.getShapeList()).containsExactly(5L, 8L);
        assertThat(head.getData().concat(tail.getData())).isEqualTo(whole.getData());
    }

    @Test
    void initialNoiseGivesTheSameRowsOnTheEventLoopAndOnAWorker() {
        // 32 rows of 8 amplitudes are drawn on the event loop, 33 on a worker thread; both are InitialNoise.sample
        int inline = (int) (NoiseGrpcService.INLINE_MAX_AMPLITUDES / 8);
        assertThat(NoiseGrpcService.answersInline(inline, 8)).isTrue();
        assertThat(NoiseGrpcService.answersInline(inline + 1, 8)).isFalse();
        InitialNoiseRequest request = InitialNoiseRequest.newBuilder().setDimension(8).setSeed(5).setFirstSampleIndex(3)
                .build();

        Tensor small = stub.initialNoise(request.toBuilder().setCount(inline).build()).getStates();
        Tensor large = stub.initialNoise(request.toBuilder().setCount(inline + 1).build()).getStates();

        assertThat(small).isEqualTo(Tensors.complexRows(InitialNoise.sample(inline, 8, 5, 3, NoiseField.COMPLEX), 8));
        assertThat(large).isEqualTo(Tensors.complexRows(InitialNoise.sample(inline + 1, 8, 5, 3, NoiseField.COMPLEX), 8));
    }

    @Test
    void onlyValidSmallInitialNoiseShapesAreAnsweredInline() {
        assertThat(NoiseGrpcService.answersInline(1, 8)).isTrue();
        assertThat(NoiseGrpcService.answersInline(0, 8)).isFalse();
        assertThat(NoiseGrpcService.answersInline(-1, 8)).isFalse();
        assertThat(NoiseGrpcService.answersInline(1, -8)).isFalse();
        assertThat(NoiseGrpcService.answersInline(Integer.MAX_VALUE, Integer.MAX_VALUE)).isFalse();
    }

    @Test
    void describeScheduleResolvesTheAuthorsDefaultsAndReturnsTheirBetas() {
        ScheduleValues values = stub.describeSchedule(io.qdm.proto.noise.v1.NoiseSchedule.getDefaultInstance());

        NoiseSchedule authors = NoiseSchedule.authorsLatent();
        assertThat(values.getBetasList()).containsExactly(box(authors.betas()));
        assertThat(values.getAlphasBarList()).containsExactly(box(authors.alphasBar()));
        assertThat(values.getSchedule()).isEqualTo(io.qdm.proto.noise.v1.NoiseSchedule.newBuilder()
                .setKind(ScheduleKind.SCHEDULE_KIND_LINEAR).setTimesteps(8).setBetaStart(4e-3).setBetaEnd(0.4)
                .setForm(io.qdm.proto.noise.v1.NoiseForm.NOISE_FORM_AUTHORS_CODE)
                .setField(io.qdm.proto.noise.v1.NoiseField.NOISE_FIELD_COMPLEX).build());
        assertThat(values.getBetas(8)).isEqualTo(0.4);
        assertThat(values.getAlphasBarCount()).isEqualTo(9);
    }

    @Test
    void streamTrainingPairsResumesAtStartBatchIndexWithTheDomainsExactBatches() throws Exception {
        TrainingPairsRequest request = pairRequest(3, 11).toBuilder().setStartBatchIndex(5).build();
        List<TrainingPairBatch> batches = new ArrayList<>();
        stub.streamTrainingPairs(request).forEachRemaining(batches::add);

        TrainingPairStream expected = localStream(request);
        assertThat(expected.batchesTotal()).isEqualTo(96);
        assertThat(batches).extracting(TrainingPairBatch::getBatchIndex)
                .containsExactlyElementsOf(java.util.stream.LongStream.range(5, 96).boxed().toList());
        for (TrainingPairBatch b : batches) {
            assertThat(b).isEqualTo(NoiseMapper.toProto("pairs-1", expected.batch(b.getBatchIndex()), 8));
        }
        assertThat(batches.get(0).getBatchesTotal()).isEqualTo(96);
        assertThat(batches.get(0).getInputs().getShapeList()).containsExactly(8L, 8L);
    }

    @Test
    void aClientThatStopsReadingStopsProductionAndCancellingEndsTheStream() {
        TrainingPairsRequest request = pairRequest(1000, 3); // 32,000 batches of ~17.6 kB
        double before = awaitStableStreamedCount();
        Context.CancellableContext context = Context.current().withCancellation();
        List<TrainingPairBatch> got = new ArrayList<>();
        double[] stalled = new double[1];
        context.run(() -> {
            Iterator<TrainingPairBatch> it = stub.streamTrainingPairs(request);
            got.add(it.next());
            // The client reads nothing more: once the flow-control windows are full the server must stop producing.
            stalled[0] = awaitStableStreamedCount();
            got.add(it.next());
            got.add(it.next());
            context.cancel(null);
        });
        assertThat(got).extracting(TrainingPairBatch::getBatchIndex).containsExactly(0L, 1L, 2L);
        assertThat(stalled[0] - before).as("batches produced ahead of a client that stopped reading")
                .isGreaterThanOrEqualTo(1).isLessThan(2000);
        double afterCancel = awaitStableStreamedCount();
        assertThat(afterCancel - before).as("batches produced in all, of 32,000").isLessThan(4000);
        // The server still answers new calls (its worker is not busy producing the cancelled stream).
        assertThat(stub.withDeadlineAfter(20, TimeUnit.SECONDS).streamTrainingPairs(pairRequest(1, 3)).next()
                .getBatchIndex()).isZero();
    }

    /** qdm_noise_pair_batches_streamed_total once it stopped changing for a second (at most 30 s). */
    private double awaitStableStreamedCount() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        double last = streamedCount();
        while (System.nanoTime() < deadline) {
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
            double now = streamedCount();
            if (now == last) {
                return now;
            }
            last = now;
        }
        throw new AssertionError("the streamed-batch counter kept growing for 30 s (last " + last + ")");
    }

    private double streamedCount() {
        String body = ServiceProbe.httpGet(root + "q/metrics").body();
        return body.lines().filter(l -> l.startsWith("qdm_noise_pair_batches_streamed_total"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .findFirst().orElse(0);
    }

    @Test
    void listDatasetsNamesWhatIsPresentAndVerifiedWithCountAndSha256() throws Exception {
        List<DatasetInfo> datasets = stub.listDatasets(ListDatasetsRequest.getDefaultInstance()).getDatasetsList();

        String sha = NoiseTestData.sha256(Files.readAllBytes(NoiseTestData.vectors()));
        assertThat(datasets).containsExactly(DatasetInfo.newBuilder()
                .setName("latent").setSplit("").setCount(NoiseTestData.LATENTS).addSampleShape(8)
                .putSha256("latents.f64", sha).setSource(NoiseTestData.vectors().toAbsolutePath().toString())
                .build());
    }

    // ---- bad input -------------------------------------------------------------------------------------------------

    @Test
    void aDimensionThatIsNotAPowerOfTwoIsInvalid() {
        double[] six = new double[12];
        six[0] = 1;
        assertInvalid(() -> stub.noise(NoiseRequest.newBuilder().setStates(Tensors.complexMatrix(six, 1, 6)).build()),
                "states.shape", "states.shape: dimension 6 is not a power of two >= 2 (a state of n qubits has 2^n amplitudes)");
        assertInvalid(() -> stub.initialNoise(InitialNoiseRequest.newBuilder().setCount(1).setDimension(12).build()),
                "dimension", "dimension: dimension 12 is not a power of two >= 2 (a state of n qubits has 2^n amplitudes)");
        // the same check on a worker thread (a request too large for the event loop)
        assertInvalid(() -> stub.initialNoise(InitialNoiseRequest.newBuilder().setCount(100).setDimension(12).build()),
                "dimension", "dimension: dimension 12 is not a power of two >= 2 (a state of n qubits has 2^n amplitudes)");
    }

    @Test
    void statesWhoseBytesDoNotMatchTheirShapeAreInvalid() {
        Tensor wrong = Tensors.complexMatrix(new double[16], 1, 8).toBuilder().setShape(0, 2).build();
        assertInvalid(() -> stub.noise(NoiseRequest.newBuilder().setStates(wrong).build()),
                "states", "states: data holds 128 bytes, shape [2, 8] and dtype DTYPE_COMPLEX128 need 256");
        Tensor rank3 = Tensors.float64(new double[8], 1, 2, 4);
        assertInvalid(() -> stub.noise(NoiseRequest.newBuilder().setStates(rank3).build()),
                "states", "states: shape [1, 2, 4] has rank 3, expected 2 ([B, D])");
    }

    @Test
    void nanAndInfinityAreInvalid() {
        double[][] x0 = cleanStates();
        x0[1][3] = Double.NaN;
        assertInvalid(() -> stub.noise(NoiseRequest.newBuilder().setStates(Tensors.complexRows(x0, 8)).build()),
                "states", "states: non-finite value NaN at flat index 19");
        double[] inf = {Double.POSITIVE_INFINITY, 0};
        assertInvalid(() -> stub.noise(NoiseRequest.newBuilder().setStates(Tensors.float64(inf, 1, 2)).build()),
                "states", "states: non-finite value Infinity at flat index 0");
    }

    @Test
    void aRowThatIsNotAUnitVectorIsInvalid() {
        double[][] x0 = cleanStates();
        x0[2][0] += 0.5;
        StatusRuntimeException e = invalid(() -> stub.noise(NoiseRequest.newBuilder()
                .setStates(Tensors.complexRows(x0, 8)).build()));
        assertThat(e.getStatus().getDescription()).startsWith("states: row 2 has norm ");
    }

    @Test
    void aTimestepOutOfRangeIsInvalid() {
        assertInvalid(() -> stub.noise(NoiseRequest.newBuilder().setStates(Tensors.complexRows(cleanStates(), 8))
                        .setTimestep(9).build()),
                "timestep", "timestep: 9 is out of range [0, 8] for a LINEAR schedule with T = 8");
        assertInvalid(() -> stub.streamTrainingPairs(pairRequest(1, 3).toBuilder().addTimesteps(8).build()).next(),
                "timesteps[0]", "timesteps[0]: 8 is out of range [0, 7] for ONE_STEP pairs with T = 8");
    }

    @Test
    void unknownDatasetsAndSchedulesAreInvalid() {
        TrainingPairsRequest good = pairRequest(1, 3);
        assertInvalid(() -> stub.streamTrainingPairs(good.toBuilder()
                        .setDataset(good.getDataset().toBuilder().setName("cifar10")).build()).next(),
                "dataset.name", "dataset.name: unknown dataset 'cifar10' (expected mnist, fashion-mnist or latent)");
        assertInvalid(() -> stub.describeSchedule(io.qdm.proto.noise.v1.NoiseSchedule.newBuilder().setKindValue(17).build()),
                "schedule.kind", "schedule.kind: unknown schedule kind 17 (expected LINEAR, LINEAR_ZERO_PREPENDED, COSINE or CONSTANT)");
        assertInvalid(() -> stub.describeSchedule(io.qdm.proto.noise.v1.NoiseSchedule.newBuilder()
                        .setKind(ScheduleKind.SCHEDULE_KIND_LINEAR).setTimesteps(8).setBetaStart(0.1).setBetaEnd(1.5).build()),
                "schedule.beta_end", "schedule.beta_end: must be in [0, 1), got 1.5");
    }

    @Test
    void aBatchTooLargeIsInvalid() {
        assertInvalid(() -> stub.streamTrainingPairs(pairRequest(1, 3).toBuilder().setBatchSize(5000).build()).next(),
                "batch_size", "batch_size: must be in [1, 4096], got 5000 (qdm.noise.limits.max-pair-batch-size)");
        assertInvalid(() -> stub.initialNoise(InitialNoiseRequest.newBuilder().setCount(1 << 20).setDimension(8).build()),
                "dimension", "dimension: 1048576 x 8 amplitudes exceed the limit of 4194304 per call "
                        + "(qdm.noise.limits.max-amplitudes-per-call); split the batch with first_sample_index");
    }

    @Test
    void aMissingOrCorruptDatasetFileIsAFailedPreconditionNamingTheFileAndTheFix() {
        TrainingPairsRequest mnist = TrainingPairsRequest.newBuilder()
                .setDataset(DatasetSpec.newBuilder().setName("mnist").setResolution(8).setLimit(64))
                .setBatchSize(8).build();
        StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class,
                () -> stub.streamTrainingPairs(mnist).next());
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
        String fix = "./qdm data fetch --dataset mnist --dir " + NoiseTestData.dataDir().toAbsolutePath().normalize();
        assertThat(e.getStatus().getDescription())
                .startsWith("mnist train images: " + NoiseTestData.dataDir().toAbsolutePath().normalize()
                        .resolve("mnist/train-images-idx3-ubyte") + " is corrupt or not the original file")
                .contains(fix);
    }

    // ---- helpers ---------------------------------------------------------------------------------------------------

    /** Latent pairs: the 40 test latents, labels 0..9, a subset of 32, batches of 8, all 8 ONE_STEP timesteps. */
    private static TrainingPairsRequest pairRequest(int epochs, long seed) {
        return TrainingPairsRequest.newBuilder()
                .setMeta(RequestMeta.newBuilder().setRequestId("pairs-1"))
                .setDataset(DatasetSpec.newBuilder().setName("latent").setLimit(32).setSubsetSeed(5))
                .setSeed(seed).setBatchSize(8).setEpochs(epochs)
                .build();
    }

    /** The same run, built from the domain classes alone. */
    static TrainingPairStream localStream(TrainingPairsRequest r) throws Exception {
        EncodedDataset file = LatentDatasetFile.read(NoiseTestData.vectors(), NoiseTestData.labelsFile(), 8, null);
        DatasetRequest dr = new DatasetRequest("latent", "", Set.of(), 0, r.getDataset().getLimit(),
                r.getDataset().getSubsetSeed());
        EncodedDataset data = DatasetSource.filterAndSubset(file, dr);
        return new TrainingPairStream(data, new TrainingPairMaker(ForwardProcess.authorsLatent(), PairKind.ONE_STEP),
                r.getSeed(), r.getDataset().getSubsetSeed(), r.getBatchSize(), r.getEpochs(), new int[0]);
    }

    private static Double[] box(double[] v) {
        return java.util.Arrays.stream(v).boxed().toArray(Double[]::new);
    }

    private static StatusRuntimeException invalid(Executable call) {
        StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, () -> {
            try {
                call.execute();
            } catch (RuntimeException ex) {
                throw ex;
            } catch (Throwable t) {
                throw new AssertionError(t);
            }
        });
        assertThat(e).as("the call must fail with a StatusRuntimeException").isNotNull();
        assertThat(e.getStatus().getCode()).as(String.valueOf(e.getStatus())).isEqualTo(Status.Code.INVALID_ARGUMENT);
        return e;
    }

    private static void assertInvalid(Executable call, String field, String description) {
        StatusRuntimeException e = invalid(call);
        assertThat(e.getStatus().getDescription()).isEqualTo(description);
        com.google.rpc.Status rich = StatusProto.fromThrowable(e);
        assertThat(rich).isNotNull();
        List<BadRequest.FieldViolation> violations = rich.getDetailsList().stream()
                .filter(a -> a.is(BadRequest.class))
                .flatMap(a -> {
                    try {
                        return a.unpack(BadRequest.class).getFieldViolationsList().stream();
                    } catch (com.google.protobuf.InvalidProtocolBufferException ex) {
                        throw new AssertionError(ex);
                    }
                }).toList();
        assertThat(violations).extracting(BadRequest.FieldViolation::getField).containsExactly(field);
        assertThat(violations.get(0).getDescription()).isEqualTo(description);
    }
}
