package io.qdm.eval.messaging;

import com.google.protobuf.InvalidProtocolBufferException;
import io.qdm.proto.eval.v1.EvaluationCompleted;
import io.qdm.proto.eval.v1.EvaluationReport;
import io.qdm.proto.generation.v1.ImageBatch;
import io.qdm.testing.KafkaTestClient;
import io.qdm.testing.RealKafkaBroker;
import io.qdm.wire.Tensors;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Black box: the packaged eval-service as a separate process, a real Kafka broker, records in and out. */
@QuarkusIntegrationTest
@QuarkusTestResource(RealKafkaBroker.class)
class GenerationResultsEvalIT {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final int PIXELS = 28 * 28;
    @RegisterExtension
    static final KafkaTestClient kafka = KafkaTestClient.forTestBroker();

    private static String topic(String name) {
        return RealKafkaBroker.topic(name);
    }

    /** rows images whose every pixel is {@code value}. */
    private static ImageBatch batch(String job, int index, int total, int rows, float value, int label) {
        float[] pixels = new float[rows * PIXELS];
        java.util.Arrays.fill(pixels, value);
        ImageBatch.Builder b = ImageBatch.newBuilder().setJobId(job).setBatchIndex(index).setBatchesTotal(total)
                .setImages(Tensors.float32(pixels, rows, 28, 28));
        for (int r = 0; r < rows; r++) {
            b.addLabels(label);
        }
        return b.build();
    }

    private static List<ConsumerRecord<String, byte[]>> recordsOf(String topic, String key) {
        return kafka.recordsWithKey(topic(topic), key, WAIT);
    }

    @Test
    void theLastBatchOfARunPublishesItsReportAndRedeliveriesAreNotCounted() throws InvalidProtocolBufferException {
        String results = topic("qdm.generation.results");
        kafka.send(results, "job-e", batch("job-e", 0, 2, 2, 0.25f, 3).toByteArray());
        kafka.send(results, "job-e", batch("job-e", 0, 2, 2, 0.25f, 3).toByteArray()); // redelivery
        kafka.send(results, "job-e", batch("job-e", 1, 2, 1, 1.0f, 7).toByteArray());

        List<ConsumerRecord<String, byte[]>> reports = recordsOf("qdm.eval.reports", "job-e");
        assertThat(reports).hasSize(1);
        EvaluationReport report = EvaluationCompleted.parseFrom(reports.get(0).value()).getReport();
        assertThat(report.getRunId()).isEqualTo("job-e");
        assertThat(report.getProvenance().getSampleCount()).isEqualTo(3);
        assertThat(report.getMetricsMap().get("samples")).isEqualTo(3.0);
        assertThat(report.getMetricsMap().get("batches")).isEqualTo(2.0);
        assertThat(report.getMetricsMap().get("pixel_mean")).isCloseTo((2 * 0.25 + 1.0) / 3, within(1e-12));
        assertThat(report.getMetricsMap().get("label_count_3")).isEqualTo(2.0);
        assertThat(report.getMetricsMap().get("label_count_7")).isEqualTo(1.0);
    }

    @Test
    void malformedBatchesGoToTheDeadLetterTopicWithTheirReason() {
        String results = topic("qdm.generation.results");
        kafka.send(results, "job-range", batch("job-range", 0, 1, 1, 1.5f, 1).toByteArray());
        byte[] garbage = {(byte) 0xFF, (byte) 0xFF};
        kafka.send(results, "job-poison", garbage);
        kafka.send(results, "job-ok", batch("job-ok", 0, 1, 1, 0.5f, 1).toByteArray());

        ConsumerRecord<String, byte[]> range = recordsOf("qdm.generation.results.dlq", "job-range").get(0);
        assertThat(KafkaTestClient.header(range, "dead-letter-reason"))
                .isEqualTo("images: value 1.5 at flat index 0 is outside [0, 1]");
        ConsumerRecord<String, byte[]> poison = recordsOf("qdm.generation.results.dlq", "job-poison").get(0);
        assertThat(poison.value()).containsExactly(garbage);
        assertThat(recordsOf("qdm.eval.reports", "job-ok")).hasSize(1);
    }

    @Test
    void aCompleteRunOfRealImagesIsEvaluatedWithEveryMetricAndItsProvenance() throws Exception {
        io.qdm.eval.data.LabelledImages test = io.qdm.eval.data.LabelledImages.load(
                io.qdm.datasets.DataDirectory.resolveDefault(), io.qdm.datasets.DatasetId.MNIST,
                io.qdm.datasets.DatasetSplit.TEST);
        String results = topic("qdm.generation.results");
        int perBatch = 100;
        for (int b = 0; b < 3; b++) {
            ImageBatch.Builder batch = ImageBatch.newBuilder().setJobId("job-real").setMetricsRunId("run-real")
                    .setBatchIndex(b).setBatchesTotal(3)
                    .setImages(Tensors.float32(test.slice(b * perBatch, perBatch), perBatch, 28, 28));
            for (int i = 0; i < perBatch; i++) {
                batch.addLabels(test.label(b * perBatch + i));
            }
            kafka.send(results, "job-real", batch.build().toByteArray());
        }
        List<ConsumerRecord<String, byte[]>> reports = kafka.recordsWithKey(topic("qdm.eval.reports"), "run-real",
                Duration.ofSeconds(240));
        assertThat(reports).hasSize(1);
        EvaluationReport report = EvaluationCompleted.parseFrom(reports.get(0).value()).getReport();
        assertThat(report.getRunId()).isEqualTo("run-real");
        assertThat(report.getProvenance().getSampleCount()).isEqualTo(300);
        assertThat(report.getProvenance().getReference()).isEqualTo("mnist-test");
        assertThat(report.getProvenance().getExtractor().getName()).isEqualTo("lenet-mnist");
        assertThat(report.getMetricsMap()).containsKeys("fid", "fid_real_vs_real", "kid_mean", "kid_std", "precision",
                "recall", "conditioning_accuracy", "jsd_mean", "roc_auc_mean");
        // real test images, labelled with their true digits: the classifier agrees with ≥ 97% of them
        assertThat(report.getMetricsMap().get("conditioning_accuracy")).isGreaterThan(0.97);
        assertThat(report.getMetricsMap().get("fid")).isPositive().isLessThan(40);
        assertThat(report.getReportJson()).contains("\"runId\": \"run-real\"");
    }
}
