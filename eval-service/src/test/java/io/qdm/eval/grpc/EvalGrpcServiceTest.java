package io.qdm.eval.grpc;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.qdm.datasets.DataDirectory;
import io.qdm.datasets.DatasetId;
import io.qdm.datasets.DatasetSplit;
import io.qdm.eval.data.LabelledImages;
import io.qdm.proto.common.v1.ModelRef;
import io.qdm.proto.eval.v1.AddSamplesRequest;
import io.qdm.proto.eval.v1.EvalServiceGrpc;
import io.qdm.proto.eval.v1.EvaluateRequest;
import io.qdm.proto.eval.v1.EvaluationReport;
import io.qdm.proto.eval.v1.ExtractorInfo;
import io.qdm.proto.eval.v1.GetReportRequest;
import io.qdm.proto.eval.v1.ListExtractorsRequest;
import io.qdm.proto.eval.v1.PerClassMetrics;
import io.qdm.testing.RealKafkaBroker;
import io.qdm.testing.ServiceProbe;
import io.qdm.wire.Tensors;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

@QuarkusTest
@QuarkusTestResource(RealKafkaBroker.class)
class EvalGrpcServiceTest {

    static final int REAL = 1000;

    @TestHTTPResource("/")
    URL root;

    static ManagedChannel channel;
    static EvalServiceGrpc.EvalServiceBlockingStub stub;

    EvalServiceGrpc.EvalServiceBlockingStub stub() {
        if (stub == null) {
            channel = ServiceProbe.channel(root.getPort());
            stub = EvalServiceGrpc.newBlockingStub(channel);
        }
        return stub;
    }

    @AfterAll
    static void close() {
        if (channel != null) {
            channel.shutdownNow();
        }
    }

    private static AddSamplesRequest add(String run, float[] pixels, int rows, int... labels) {
        AddSamplesRequest.Builder b = AddSamplesRequest.newBuilder().setRunId(run)
                .setImages(Tensors.float32(pixels, rows, 28, 28));
        if (labels.length > 0) {
            b.setLabels(Tensors.int32(labels));
        }
        return b.build();
    }

    private static void assertStatus(Runnable call, Status.Code code, String field, String description) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(code);
            assertThat(e.getStatus().getDescription()).isEqualTo(description);
            if (field != null) {
                com.google.rpc.Status details = StatusProto.fromThrowable(e);
                assertThat(details.getDetailsList()).hasSize(1);
                try {
                    assertThat(details.getDetails(0).unpack(com.google.rpc.BadRequest.class).getFieldViolations(0)
                            .getField()).isEqualTo(field);
                } catch (com.google.protobuf.InvalidProtocolBufferException ex) {
                    throw new AssertionError(ex);
                }
            }
        });
    }

    @Test
    void addedSamplesAreReportedAndBadOnesRejected() {
        float[] pixels = new float[2 * 784];
        Arrays.fill(pixels, 0, 784, 0.5f);
        AddSamplesRequest add = add("grpc-run", pixels, 2, 4, 4);
        assertThat(stub().addSamples(add).getSamples()).isEqualTo(2);
        EvaluationReport report = stub().getReport(GetReportRequest.newBuilder().setRunId("grpc-run").build());
        assertThat(report.getMetricsMap().get("samples")).isEqualTo(2.0);
        assertThat(report.getMetricsMap().get("pixel_mean")).isEqualTo(0.25);
        assertThat(report.getMetricsMap().get("label_count_4")).isEqualTo(2.0);

        assertThatThrownBy(() -> stub().getReport(GetReportRequest.newBuilder().setRunId("nope").build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
                    assertThat(e.getStatus().getDescription()).startsWith("run_id: unknown run 'nope'; known runs: ");
                });
        assertStatus(() -> stub().addSamples(add.toBuilder().setImages(Tensors.float32(new float[16], 1, 4, 4))
                .build()), Status.Code.INVALID_ARGUMENT, "images", "images: shape [1, 4, 4], expected [B, 28, 28]");
        float[] nan = new float[784];
        nan[5] = Float.NaN;
        assertStatus(() -> stub().addSamples(add("grpc-run", nan, 1)), Status.Code.INVALID_ARGUMENT, "images",
                "images: non-finite value NaN at flat index 5");
        float[] bright = new float[784];
        bright[0] = 255f;
        assertStatus(() -> stub().addSamples(add("grpc-run", bright, 1)), Status.Code.INVALID_ARGUMENT, "images",
                "images: value 255.0 at flat index 0 is outside [0, 1]");
        assertStatus(() -> stub().addSamples(add("grpc-run", new float[784], 1, 12)), Status.Code.INVALID_ARGUMENT,
                "labels", "labels: label 12 at index 0 is outside 0..9 (the feature extractor's classes)");
        // two samples cannot give a 128-d covariance: the error says how many are needed
        assertStatus(() -> stub().evaluate(EvaluateRequest.newBuilder().setRunId("grpc-run").build()),
                Status.Code.INVALID_ARGUMENT, "run_id", "run_id: run 'grpc-run' has 2 samples; the FID covariance of "
                        + "128-d features needs at least 129 (feature dimension + 1)");
        assertThatThrownBy(() -> stub().evaluate(EvaluateRequest.newBuilder().setRunId("nope").build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
                    assertThat(e.getStatus().getDescription()).startsWith("run_id: unknown run 'nope'; known runs: ")
                            .contains("grpc-run");
                });
    }

    @Test
    void realTestImagesScoreAsRealDataAndEveryReportCarriesItsProvenance() throws Exception {
        LabelledImages test = LabelledImages.load(DataDirectory.resolveDefault(), DatasetId.MNIST, DatasetSplit.TEST);
        // the last 1000 test images with their true labels, as a perfectly conditioned "generator"
        int from = test.count() - REAL;
        int[] labels = Arrays.copyOfRange(test.labelsAsInts(), from, test.count());
        for (int b = 0; b < REAL; b += 250) {
            stub().addSamples(add("real-mnist", test.slice(from + b, 250), 250,
                    Arrays.copyOfRange(labels, b, b + 250)));
        }
        assertStatus(() -> stub().evaluate(EvaluateRequest.newBuilder().setRunId("real-mnist").setReference("cifar")
                .build()), Status.Code.INVALID_ARGUMENT, "reference", "reference: unknown reference 'cifar' "
                + "(expected mnist-test, mnist-train, fashion-mnist-test or fashion-mnist-train)");
        assertStatus(() -> stub().evaluate(EvaluateRequest.newBuilder().setRunId("real-mnist")
                .setExtractor(ModelRef.newBuilder().setName("inception-v3")).build()), Status.Code.INVALID_ARGUMENT,
                "extractor.name", "extractor.name: unknown extractor 'inception-v3' (Inception-v3 needs "
                        + "user-supplied weights, which this deployment does not have); available: lenet-mnist, "
                        + "lenet-fashion-mnist");
        assertStatus(() -> stub().evaluate(EvaluateRequest.newBuilder().setRunId("real-mnist").addMetrics("is")
                .build()), Status.Code.INVALID_ARGUMENT, "metrics", "metrics: unknown metric 'is' (expected any of "
                + "conditioning_accuracy, fid, jsd, kid, precision_recall, roc_auc)");

        EvaluationReport r = stub().evaluate(EvaluateRequest.newBuilder().setRunId("real-mnist").build());
        var m = r.getMetricsMap();
        assertThat(r.getProvenance().getExtractor().getName()).isEqualTo("lenet-mnist");
        assertThat(r.getProvenance().getExtractor().getVersion()).isEqualTo("1");
        assertThat(r.getProvenance().getExtractorSha256())
                .isEqualTo("153518af2a0e08805480456c1b5dd808b7ee9ad9ab6b6fc45290c7872311c202");
        assertThat(r.getProvenance().getFeatureDim()).isEqualTo(128);
        assertThat(r.getProvenance().getReference()).isEqualTo("mnist-test");
        assertThat(r.getProvenance().getReferenceCount()).isEqualTo(10_000);
        assertThat(r.getProvenance().getSampleCount()).isEqualTo(REAL);
        assertThat(r.getProvenance().getResizeMode()).isEqualTo("none (28x28, 1 channel, [0,1])");
        assertThat(r.getProvenance().getCovarianceEpsilon()).isZero();
        // real images: FID near the real-vs-real level (1000 samples carry more small-sample bias than 10k)
        assertThat(m.get("fid_real_vs_real")).isPositive().isLessThan(5);
        assertThat(m.get("fid")).isPositive().isLessThan(20 * m.get("fid_real_vs_real") + 5);
        assertThat(m.get("kid_std")).isPositive();
        assertThat(m.get("precision")).isGreaterThan(0.9);
        assertThat(m.get("recall")).isGreaterThan(0.7); // 1000 generated points: small k-NN balls cover 10k real ones less
        // the same images with Gaussian noise (σ = 0.3, clipped): every metric must rank them worse
        float[] noisy = test.slice(from, REAL);
        java.util.SplittableRandom rng = new java.util.SplittableRandom(5);
        for (int i = 0; i < noisy.length; i++) {
            noisy[i] = (float) Math.min(1, Math.max(0, noisy[i] + 0.3 * rng.nextGaussian()));
        }
        stub().addSamples(add("noisy-mnist", noisy, REAL, labels));
        var n = stub().evaluate(EvaluateRequest.newBuilder().setRunId("noisy-mnist").build()).getMetricsMap();
        System.out.println("real 1000: " + m + "\nnoisy 1000: " + n);
        assertThat(n.get("fid")).isGreaterThan(3 * m.get("fid"));
        assertThat(n.get("kid_mean")).isGreaterThan(3 * m.get("kid_mean"));
        // noise collapses the features into a compact region inside the real manifold: precision stays high (as for
        // any mode collapse) but recall, the coverage of the real data, falls to almost nothing
        assertThat(n.get("precision")).isGreaterThan(0.9);
        assertThat(n.get("recall")).isLessThan(0.1 * m.get("recall"));
        assertThat(n.get("conditioning_accuracy")).isLessThan(m.get("conditioning_accuracy"));
        assertThat(n.get("jsd_mean")).isGreaterThan(m.get("jsd_mean"));
        assertThat(n.get("fid_real_vs_real")).isEqualTo(m.get("fid_real_vs_real"));
        // the classifier's accuracy on these very images (99.07% over the whole test set)
        assertThat(m.get("conditioning_accuracy")).isGreaterThan(0.97);
        assertThat(m.get("roc_auc_mean")).isGreaterThan(0.995);
        assertThat(m.get("jsd_mean")).isBetween(0.0, 0.9);
        assertThat(m).doesNotContainKey("fid_ae_reconstruction"); // no latent-service in this test
        assertThat(r.getPerClassList()).hasSize(10);
        PerClassMetrics seven = r.getPerClassList().get(7);
        assertThat(seven.getLabel()).isEqualTo(7);
        assertThat(seven.getSamples()).isEqualTo(Arrays.stream(labels).filter(l -> l == 7).count());
        assertThat(seven.getConditioningAccuracy()).isGreaterThan(0.95);

        JsonObject json = JsonParser.parseString(r.getReportJson()).getAsJsonObject();
        assertThat(json.get("runId").getAsString()).isEqualTo("real-mnist");
        assertThat(json.getAsJsonObject("metrics").get("fid").getAsDouble()).isEqualTo(m.get("fid"));
        assertThat(json.getAsJsonObject("unavailable").get("fid_ae_reconstruction").getAsString())
                .startsWith("latent-service at localhost:").contains("unreachable");
        assertThat(json.getAsJsonObject("extractor").get("sha256").getAsString())
                .isEqualTo(r.getProvenance().getExtractorSha256());

        // GetReport returns the same evaluation; a subset of metrics computes only those
        EvaluationReport again = stub().getReport(GetReportRequest.newBuilder().setRunId("real-mnist").build());
        assertThat(again.getMetricsMap().get("fid")).isEqualTo(m.get("fid"));
        assertThat(again.getMetricsMap().get("samples")).isEqualTo((double) REAL);
        EvaluationReport onlyFid = stub().evaluate(EvaluateRequest.newBuilder().setRunId("real-mnist")
                .addMetrics("fid").build());
        assertThat(onlyFid.getMetricsMap().get("fid")).isCloseTo(m.get("fid"), within(1e-9));
        assertThat(onlyFid.getMetricsMap()).doesNotContainKeys("kid_mean", "precision", "jsd_mean");

        String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(root + "q/metrics"))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
        assertThat(metrics).contains("qdm_eval_run_samples{run_id=\"real-mnist\"} 1000.0")
                .contains("qdm_eval_run_samples{run_id=\"noisy-mnist\"} 1000.0");
        assertThat(metrics).containsPattern("qdm_eval_metric\\{metric=\"fid\",run_id=\"real-mnist\"\\} [0-9.E-]+");
    }

    @Test
    void listExtractorsNamesTheShippedExtractorWithItsHash() {
        var list = stub().listExtractors(ListExtractorsRequest.getDefaultInstance()).getExtractorsList();
        assertThat(list).extracting(x -> x.getExtractor().getName()).containsExactly("lenet-mnist",
                "lenet-fashion-mnist");
        assertThat(list.get(1).getDescription()).endsWith("fashion-mnist test accuracy 0.8933");
        ExtractorInfo e = list.get(0);
        assertThat(e.getExtractor().getName()).isEqualTo("lenet-mnist");
        assertThat(e.getSha256()).isEqualTo("153518af2a0e08805480456c1b5dd808b7ee9ad9ab6b6fc45290c7872311c202");
        assertThat(e.getFeatureDim()).isEqualTo(128);
        assertThat(e.getInputSize()).isEqualTo(28);
        assertThat(e.getDescription()).contains("not Inception-v3").endsWith("mnist test accuracy 0.9907");
    }
}
