package io.qdm.latent.grpc;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.BadRequest;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.qdm.datasets.DataDirectory;
import io.qdm.datasets.DatasetSplit;
import io.qdm.latent.model.AutoencoderModel;
import io.qdm.latent.model.ModelManifest;
import io.qdm.latent.training.MnistImages;
import io.qdm.proto.common.v1.DType;
import io.qdm.proto.common.v1.ModelRef;
import io.qdm.proto.common.v1.RequestMeta;
import io.qdm.proto.common.v1.Tensor;
import io.qdm.proto.latent.v1.AutoencoderInfo;
import io.qdm.proto.latent.v1.DecodeRequest;
import io.qdm.proto.latent.v1.DecodeResponse;
import io.qdm.proto.latent.v1.EncodeRequest;
import io.qdm.proto.latent.v1.EncodeResponse;
import io.qdm.proto.latent.v1.ExportLatentDatasetRequest;
import io.qdm.proto.latent.v1.GetAutoencoderRequest;
import io.qdm.proto.latent.v1.LatentDatasetChunk;
import io.qdm.proto.latent.v1.LatentServiceGrpc;
import io.qdm.testing.RealKafkaBroker;
import io.qdm.testing.ServiceProbe;
import io.qdm.wire.Tensors;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

/**
 * The LatentService RPCs over a real gRPC channel, compared with the shipped {@link AutoencoderModel} called
 * directly in this JVM. Both run the same native code with one thread on identical batches, so the outputs must be
 * bit-identical (no tolerance).
 */
@QuarkusTest
@QuarkusTestResource(RealKafkaBroker.class)
class LatentGrpcServiceTest {

    private static final double NORM_TOLERANCE = 1e-12;
    private static final int D = 8;
    private static final int PIXELS = 784;

    private static AutoencoderModel direct;

    @TestHTTPResource("/")
    URL root;

    private ManagedChannel channel;
    private LatentServiceGrpc.LatentServiceBlockingStub stub;

    @BeforeAll
    static void loadDirect() throws IOException {
        direct = AutoencoderModel.loadShipped();
    }

    @AfterAll
    static void closeDirect() {
        direct.close();
    }

    @BeforeEach
    void connect() {
        channel = ServiceProbe.channel(root.getPort());
        stub = LatentServiceGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
    }

    @AfterEach
    void disconnect() {
        channel.shutdownNow();
    }

    // ---- test data (seeded) ----

    static double[][] randomImages(int batch, long seed) {
        Random random = new Random(seed);
        double[][] images = new double[batch][PIXELS];
        for (double[] image : images) {
            for (int k = 0; k < PIXELS; k++) {
                // MNIST-like: mostly background, some strokes.
                image[k] = random.nextDouble() < 0.8 ? 0.0 : random.nextDouble();
            }
        }
        return images;
    }

    static double[] flat(double[][] rows) {
        return Arrays.stream(rows).flatMapToDouble(Arrays::stream).toArray();
    }

    static Tensor imagesFloat64(double[][] images) {
        return Tensors.float64(flat(images), images.length, 28, 28);
    }

    static float[] float32(double[][] rows) {
        double[] f = flat(rows);
        float[] out = new float[f.length];
        for (int i = 0; i < f.length; i++) {
            out[i] = (float) f[i];
        }
        return out;
    }

    static float[] decodeFloat32(Tensor t) {
        assertThat(t.getDtype()).isEqualTo(DType.DTYPE_FLOAT32);
        double[] d = Tensors.decodeReal(t, "images");
        float[] out = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            out[i] = (float) d[i];
        }
        return out;
    }

    private EncodeResponse encode(Tensor images) {
        return stub.encode(EncodeRequest.newBuilder().setMeta(RequestMeta.newBuilder().setRequestId("req-enc"))
                .setImages(images).build());
    }

    private DecodeResponse decode(Tensor latents) {
        return stub.decode(DecodeRequest.newBuilder().setMeta(RequestMeta.newBuilder().setRequestId("req-dec"))
                .setLatents(latents).build());
    }

    // ---- Encode ----

    @Test
    void encodeReturnsExactlyTheModelsUnitNormNonNegativeLatents() {
        double[][] images = randomImages(5, 11);

        EncodeResponse response = encode(imagesFloat64(images));

        assertThat(response.getRequestId()).isEqualTo("req-enc");
        assertThat(response.getAutoencoder()).isEqualTo(ModelRef.newBuilder().setName("mnist-autoencoder")
                .setVersion("2").build());
        assertThat(response.getLatents().getDtype()).isEqualTo(DType.DTYPE_FLOAT64);
        assertThat(response.getLatents().getShapeList()).containsExactly(5L, 8L);
        double[] latents = Tensors.decodeReal(response.getLatents(), "latents");
        assertThat(latents).containsExactly(flat(direct.encode(images)));
        for (int i = 0; i < 5; i++) {
            double ss = 0;
            for (int j = 0; j < D; j++) {
                assertThat(latents[i * D + j]).isGreaterThanOrEqualTo(0.0);
                ss += latents[i * D + j] * latents[i * D + j];
            }
            assertThat(Math.sqrt(ss)).isCloseTo(1.0, within(NORM_TOLERANCE));
        }
    }

    @Test
    void encodeAcceptsFloat32AndUint8Images() {
        double[][] images = randomImages(2, 12);
        double[] f64 = flat(images);
        float[] f32 = new float[f64.length];
        byte[] u8 = new byte[f64.length];
        double[][] asFloat = new double[2][PIXELS];
        double[][] asBytes = new double[2][PIXELS];
        for (int i = 0; i < f64.length; i++) {
            f32[i] = (float) f64[i];
            u8[i] = (byte) Math.round(f64[i] * 255);
            asFloat[i / PIXELS][i % PIXELS] = f32[i];
            asBytes[i / PIXELS][i % PIXELS] = (u8[i] & 0xFF) / 255.0;
        }
        Tensor uint8 = Tensor.newBuilder().setDtype(DType.DTYPE_UINT8).addShape(2).addShape(28).addShape(28)
                .setData(ByteString.copyFrom(u8)).build();

        assertThat(Tensors.decodeReal(encode(Tensors.float32(f32, 2, 28, 28)).getLatents(), "latents"))
                .containsExactly(flat(direct.encode(asFloat)));
        assertThat(Tensors.decodeReal(encode(uint8).getLatents(), "latents"))
                .containsExactly(flat(direct.encode(asBytes)));
    }

    // ---- Decode ----

    @Test
    void decodeReturnsExactlyTheModelsImagesAsFloat32() {
        double[][] latents = direct.encode(randomImages(4, 13));

        DecodeResponse response = decode(Tensors.float64(flat(latents), 4, D));

        assertThat(response.getRequestId()).isEqualTo("req-dec");
        assertThat(response.getAutoencoder().getName()).isEqualTo("mnist-autoencoder");
        assertThat(response.getImages().getShapeList()).containsExactly(4L, 28L, 28L);
        float[] images = decodeFloat32(response.getImages());
        assertThat(images).containsExactly(float32(direct.decode(latents)));
        for (float v : images) {
            assertThat(v).isBetween(0f, 1f);
        }
    }

    @Test
    void complexAmplitudesDecodeExactlyLikeTheirModuli() {
        double[][] moduli = direct.encode(randomImages(3, 14));
        Random random = new Random(15);
        double[] interleaved = new double[3 * D * 2];
        double[][] re = new double[3][D];
        double[][] im = new double[3][D];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < D; j++) {
                double phase = 2 * Math.PI * random.nextDouble();
                re[i][j] = moduli[i][j] * Math.cos(phase);
                im[i][j] = moduli[i][j] * Math.sin(phase);
                interleaved[2 * (i * D + j)] = re[i][j];
                interleaved[2 * (i * D + j) + 1] = im[i][j];
            }
        }

        float[] fromComplex = decodeFloat32(decode(Tensors.complexMatrix(interleaved, 3, D)).getImages());
        float[] fromModuli = decodeFloat32(decode(Tensors.float64(flat(AutoencoderModel.moduli(re, im)), 3, D))
                .getImages());

        assertThat(fromComplex).containsExactly(float32(direct.decodeAmplitudes(re, im)));
        assertThat(fromComplex).containsExactly(fromModuli);
    }

    // ---- GetAutoencoder ----

    @Test
    void getAutoencoderDescribesTheShippedWeights() {
        ModelManifest manifest = direct.manifest();

        AutoencoderInfo info = stub.getAutoencoder(GetAutoencoderRequest.newBuilder()
                .setAutoencoder(ModelRef.newBuilder().setName("mnist-autoencoder")).build());

        assertThat(info.getAutoencoder()).isEqualTo(ModelRef.newBuilder().setName("mnist-autoencoder")
                .setVersion("2").build());
        assertThat(info.getLatentDim()).isEqualTo(8);
        assertThat(info.getImageHeight()).isEqualTo(28);
        assertThat(info.getImageWidth()).isEqualTo(28);
        assertThat(info.getWeightsSha256()).isEqualTo(manifest.weights().sha256())
                .isEqualTo("37283c1f50a7b45f303299fe6b1834ab756563a4ed6278e2e8be3a1a63083668");
        assertThat(info.getEngine()).isEqualTo("djl-0.36.0/pytorch-2.7.1-cpu");
        assertThat(info.getMetricsMap()).containsEntry("validation_mse", manifest.metrics().validationMse())
                .containsEntry("validation_huber", manifest.metrics().validationHuber())
                .containsEntry("validation_mse_digit_1", manifest.metrics().perDigitMse().get(1))
                .hasSize(12);
        assertThat(info.getProvenanceMap()).containsEntry("seed", "42").containsEntry("epochs", "10")
                .containsEntry("batch_size", "32").containsEntry("train_images", "56000")
                .containsEntry("data_sha256.train-images-idx3-ubyte",
                        manifest.dataSha256().get("train-images-idx3-ubyte"));
    }

    // ---- ExportLatentDataset ----

    @Test
    void exportStreamsTheEncodedSplitInChunksWithTheChecksumOfAllLatentsOnTheLast() throws Exception {
        MnistImages test = MnistImages.load(DataDirectory.resolveDefault(), DatasetSplit.TEST);
        double[][] images = new double[test.count()][];
        for (int i = 0; i < images.length; i++) {
            images[i] = test.image(i);
        }
        double[] expected = flat(direct.encode(images));
        ByteBuffer bytes = ByteBuffer.allocate(expected.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asDoubleBuffer().put(expected);
        String expectedSha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.array()));

        List<LatentDatasetChunk> chunks = new ArrayList<>();
        stub.withDeadlineAfter(300, TimeUnit.SECONDS).exportLatentDataset(ExportLatentDatasetRequest.newBuilder()
                        .setDataset("mnist").setSplit("test").setChunkSize(3000).build())
                .forEachRemaining(chunks::add);

        assertThat(chunks).extracting(LatentDatasetChunk::getOffset).containsExactly(0L, 3000L, 6000L, 9000L);
        assertThat(chunks).extracting(LatentDatasetChunk::getTotal).containsOnly(10000L);
        assertThat(chunks).extracting(LatentDatasetChunk::getSha256).containsExactly("", "", "", expectedSha);
        double[] streamed = chunks.stream().flatMapToDouble(c -> Arrays.stream(Tensors.decodeReal(c.getLatents(),
                "latents"))).toArray();
        assertThat(streamed).containsExactly(expected);
        assertThat(chunks.get(3).getLatents().getShapeList()).containsExactly(1000L, 8L);
        int[] labels = chunks.stream().flatMapToInt(c -> Arrays.stream(Tensors.decodeInt32(c.getLabels(), "labels")))
                .toArray();
        assertThat(labels).hasSize(10000);
        for (int i = 0; i < labels.length; i++) {
            assertThat(labels[i]).as("label %d", i).isEqualTo(test.label(i));
        }
    }

    // ---- bad input: INVALID_ARGUMENT naming the field, nothing computed ----

    static Stream<Arguments> badRequests() {
        double[][] good = randomImages(2, 16);
        double[][] outOfRange = randomImages(2, 16);
        outOfRange[1][100] = 1.5;
        double[][] negative = randomImages(2, 16);
        negative[0][3] = -0.25;
        double[][] nan = randomImages(2, 16);
        nan[1][7] = Double.NaN;
        double[] latents = new double[2 * D];
        Arrays.fill(latents, 0.25);
        double[] infLatents = latents.clone();
        infLatents[5] = Double.POSITIVE_INFINITY;
        double[] complex = new double[2 * D * 2];
        complex[9] = Double.NaN;
        Function<Tensor, EncodeRequest> enc = t -> EncodeRequest.newBuilder().setImages(t).build();
        Function<Tensor, DecodeRequest> dec = t -> DecodeRequest.newBuilder().setLatents(t).build();
        return Stream.of(
                Arguments.of("encode: wrong image size", enc.apply(Tensors.float64(new double[2 * 28 * 27], 2, 28, 27)),
                        "images", "shape [2, 28, 27], expected [B, 28, 28]"),
                Arguments.of("encode: flat images", enc.apply(Tensors.float64(flat(good), 2, 784)),
                        "images", "shape [2, 784], expected [B, 28, 28]"),
                Arguments.of("encode: empty batch", enc.apply(Tensors.float64(new double[0], 0, 28, 28)),
                        "images", "empty batch"),
                Arguments.of("encode: above 1", enc.apply(imagesFloat64(outOfRange)),
                        "images[1][100]", "1.5 is outside [0, 1]"),
                Arguments.of("encode: below 0", enc.apply(imagesFloat64(negative)),
                        "images[0][3]", "-0.25 is outside [0, 1]"),
                Arguments.of("encode: NaN", enc.apply(imagesFloat64(nan)),
                        "images", "non-finite value NaN at flat index " + (784 + 7)),
                Arguments.of("encode: bytes do not match shape", enc.apply(Tensor.newBuilder().setDtype(DType.DTYPE_FLOAT64)
                        .addShape(2).addShape(28).addShape(28).setData(ByteString.copyFrom(new byte[80])).build()),
                        "images", "data holds 80 bytes"),
                Arguments.of("encode: int32 images", enc.apply(Tensor.newBuilder().setDtype(DType.DTYPE_INT32)
                        .addShape(1).addShape(28).addShape(28).setData(ByteString.copyFrom(new byte[784 * 4])).build()),
                        "images", "dtype DTYPE_INT32 is not DTYPE_FLOAT32, DTYPE_FLOAT64 or DTYPE_UINT8"),
                Arguments.of("encode: unknown autoencoder", enc.apply(imagesFloat64(good)).toBuilder()
                        .setAutoencoder(ModelRef.newBuilder().setName("cifar-autoencoder")).build(),
                        "autoencoder.name", "unknown autoencoder 'cifar-autoencoder'"),
                Arguments.of("encode: unknown version", enc.apply(imagesFloat64(good)).toBuilder()
                        .setAutoencoder(ModelRef.newBuilder().setName("mnist-autoencoder").setVersion("7")).build(),
                        "autoencoder.version", "unknown version '7'"),
                Arguments.of("decode: wrong latent dim", dec.apply(Tensors.float64(new double[14], 2, 7)),
                        "latents", "shape [2, 7], expected [B, 8]"),
                Arguments.of("decode: empty batch", dec.apply(Tensors.float64(new double[0], 0, 8)),
                        "latents", "empty batch"),
                Arguments.of("decode: infinite latent", dec.apply(Tensors.float64(infLatents, 2, D)),
                        "latents", "non-finite value Infinity at flat index 5"),
                Arguments.of("decode: float32 latents", dec.apply(Tensors.float32(new float[2 * D], 2, D)),
                        "latents", "dtype DTYPE_FLOAT32 is not DTYPE_FLOAT64 (latents) or DTYPE_COMPLEX128"),
                Arguments.of("decode: NaN amplitude", dec.apply(Tensors.complexMatrix(complex, 2, D)),
                        "latents", "non-finite value NaN at flat index 9"),
                Arguments.of("decode: unknown autoencoder", dec.apply(Tensors.float64(latents, 2, D)).toBuilder()
                        .setAutoencoder(ModelRef.newBuilder().setName("other")).build(),
                        "autoencoder.name", "unknown autoencoder 'other'"),
                Arguments.of("export: unknown dataset", ExportLatentDatasetRequest.newBuilder().setDataset("cifar10")
                        .build(), "dataset", "unknown dataset 'cifar10'"),
                Arguments.of("export: unknown split", ExportLatentDatasetRequest.newBuilder().setDataset("mnist")
                        .setSplit("validation").build(), "split", "unknown split 'validation'"),
                Arguments.of("export: negative chunk size", ExportLatentDatasetRequest.newBuilder().setDataset("mnist")
                        .setChunkSize(-1).build(), "chunk_size", "-1 is outside 0..16384"),
                Arguments.of("info: unknown autoencoder", GetAutoencoderRequest.newBuilder()
                        .setAutoencoder(ModelRef.newBuilder().setName("other")).build(),
                        "autoencoder.name", "unknown autoencoder 'other'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void badInputIsInvalidArgumentNamingTheField(String name, Object request, String field, String reason)
            throws InvalidProtocolBufferException {
        StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, () -> call(request));
        assertThat(e).as("no error for " + name).isNotNull();
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(e.getStatus().getDescription()).startsWith(field + ": ").contains(reason);
        com.google.rpc.Status details = StatusProto.fromThrowable(e);
        assertThat(details).isNotNull();
        BadRequest bad = details.getDetails(0).unpack(BadRequest.class);
        assertThat(bad.getFieldViolations(0).getField()).isEqualTo(field);
    }

    private Object call(Object request) {
        if (request instanceof ExportLatentDatasetRequest r) {
            return stub.exportLatentDataset(r).hasNext();
        }
        if (request instanceof EncodeRequest r) {
            return stub.encode(r);
        }
        if (request instanceof DecodeRequest r) {
            return stub.decode(r);
        }
        return stub.getAutoencoder((GetAutoencoderRequest) request);
    }
}
