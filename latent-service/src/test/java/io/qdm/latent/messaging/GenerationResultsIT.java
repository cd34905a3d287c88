package io.qdm.latent.messaging;

import com.google.protobuf.InvalidProtocolBufferException;
import io.qdm.latent.model.AutoencoderModel;
import io.qdm.proto.common.v1.ModelRef;
import io.qdm.proto.common.v1.JobState;
import io.qdm.proto.generation.v1.GenerationStatus;
import io.qdm.proto.generation.v1.ImageBatch;
import io.qdm.proto.generation.v1.OutputKind;
import io.qdm.proto.generation.v1.StateBatch;
import io.qdm.testing.KafkaTestClient;
import io.qdm.testing.RealKafkaBroker;
import io.qdm.wire.Tensors;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Black box: the packaged latent-service (fast-jar, separate process) and a real Kafka broker. Expected images come
 * from the shipped {@link AutoencoderModel} run in this JVM with the same DJL settings (one thread), so they must be
 * bit-identical after the float32 conversion the wire format prescribes.
 */
@QuarkusIntegrationTest
@QuarkusTestResource(RealKafkaBroker.class)
class GenerationResultsIT {

    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final int D = 8;
    private static KafkaTestClient kafka;
    private static AutoencoderModel direct;

    @BeforeAll
    static void connect() throws IOException {
        kafka = new KafkaTestClient(RealKafkaBroker.bootstrapServers());
        direct = AutoencoderModel.loadShipped();
    }

    @AfterAll
    static void close() {
        kafka.close();
        direct.close();
    }

    private static String topic(String name) {
        return RealKafkaBroker.currentTopicPrefix() + name;
    }

    private static List<ConsumerRecord<String, byte[]>> recordsOf(String topic, String key, int count) {
        return kafka.readFromStartUntil(topic(topic),
                        rs -> rs.stream().filter(r -> key.equals(r.key())).count() >= count, WAIT)
                .stream().filter(r -> key.equals(r.key())).toList();
    }

    /** Seeded unit-norm complex rows [B][D] as {re, im}. */
    private static double[][][] randomStates(int batch, long seed) {
        Random random = new Random(seed);
        double[][] re = new double[batch][D];
        double[][] im = new double[batch][D];
        for (int i = 0; i < batch; i++) {
            double ss = 0;
            for (int j = 0; j < D; j++) {
                re[i][j] = random.nextGaussian();
                im[i][j] = random.nextGaussian();
                ss += re[i][j] * re[i][j] + im[i][j] * im[i][j];
            }
            double norm = Math.sqrt(ss);
            for (int j = 0; j < D; j++) {
                re[i][j] /= norm;
                im[i][j] /= norm;
            }
        }
        return new double[][][] {re, im};
    }

    private static StateBatch batch(String jobId, double[][][] states, OutputKind output) {
        int rows = states[0].length;
        double[] interleaved = new double[rows * D * 2];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < D; j++) {
                interleaved[2 * (i * D + j)] = states[0][i][j];
                interleaved[2 * (i * D + j) + 1] = states[1][i][j];
            }
        }
        StateBatch.Builder b = StateBatch.newBuilder().setJobId(jobId).setBatchIndex(2).setBatchesTotal(5)
                .setModel(ModelRef.newBuilder().setName("conditioned-latent").setVersion("3"))
                .setSeed(77L).setFirstSampleIndex(40).setOutput(output).setMetricsRunId("run-" + jobId)
                .setStates(Tensors.complexMatrix(interleaved, rows, D));
        for (int i = 0; i < rows; i++) {
            b.addLabels(i % 10);
        }
        return b.build();
    }

    private static float[] expectedImages(double[][][] states) {
        double[][] images = direct.decodeAmplitudes(states[0], states[1]);
        float[] out = new float[images.length * 784];
        for (int i = 0; i < images.length; i++) {
            for (int k = 0; k < 784; k++) {
                out[i * 784 + k] = (float) images[i][k];
            }
        }
        return out;
    }

    private static float[] float32(ImageBatch batch) {
        double[] d = Tensors.decodeReal(batch.getImages(), "images");
        float[] out = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            out[i] = (float) d[i];
        }
        return out;
    }

    @Test
    void aDenoisedBatchIsDecodedToExactlyTheModelsImagesAndRedeliveryIsByteIdentical()
            throws InvalidProtocolBufferException {
        double[][][] states = randomStates(3, 5);
        StateBatch in = batch("job-a", states, OutputKind.OUTPUT_KIND_IMAGES_AND_STATES);
        kafka.send(topic("qdm.generation.denoised"), "job-a", in.toByteArray());
        kafka.send(topic("qdm.generation.denoised"), "job-a", in.toByteArray());

        List<ConsumerRecord<String, byte[]>> out = recordsOf("qdm.generation.results", "job-a", 2);

        assertThat(out).hasSize(2);
        assertThat(out.get(1).value()).as("same input, same bytes").isEqualTo(out.get(0).value());
        ImageBatch images = ImageBatch.parseFrom(out.get(0).value());
        assertThat(images.getJobId()).isEqualTo("job-a");
        assertThat(images.getBatchIndex()).isEqualTo(2);
        assertThat(images.getBatchesTotal()).isEqualTo(5);
        assertThat(images.getModel()).isEqualTo(in.getModel());
        assertThat(images.getFirstSampleIndex()).isEqualTo(40);
        assertThat(images.getLabelsList()).containsExactly(0, 1, 2);
        assertThat(images.getSeed()).isEqualTo(77L);
        assertThat(images.getMetricsRunId()).isEqualTo("run-job-a");
        assertThat(images.getImages().getShapeList()).containsExactly(3L, 28L, 28L);
        assertThat(float32(images)).containsExactly(expectedImages(states));
        assertThat(images.getStates()).isEqualTo(in.getStates());

        GenerationStatus status = GenerationStatus.parseFrom(recordsOf("qdm.generation.status", "job-a", 1).get(0)
                .value());
        assertThat(status.getState()).isEqualTo(JobState.JOB_STATE_COMPLETED);
        assertThat(status.getStage()).isEqualTo("latent");
        assertThat(status.getBatchIndex()).isEqualTo(2);
        assertThat(status.getBatchesTotal()).isEqualTo(5);
        assertThat(status.getBatchSamples()).as("rows of the decoded batch").isEqualTo(3);
        assertThat(status.hasError()).isFalse();
    }

    @Test
    void statesAreLeftOutWhenOnlyImagesWereAskedFor() throws InvalidProtocolBufferException {
        double[][][] states = randomStates(2, 6);
        kafka.send(topic("qdm.generation.denoised"), "job-i",
                batch("job-i", states, OutputKind.OUTPUT_KIND_IMAGES).toByteArray());

        ImageBatch images = ImageBatch.parseFrom(recordsOf("qdm.generation.results", "job-i", 1).get(0).value());

        assertThat(images.hasStates()).isFalse();
        assertThat(float32(images)).containsExactly(expectedImages(states));
    }

    @Test
    void poisonAndInvalidRecordsGoToTheDeadLetterTopicWithTheirReasonAndLaterRecordsStillFlow()
            throws InvalidProtocolBufferException {
        byte[] garbage = {(byte) 0xFF, 0x00, (byte) 0xFF};
        StateBatch narrow = StateBatch.newBuilder().setJobId("job-narrow").setBatchesTotal(1)
                .setStates(Tensors.complexMatrix(new double[2 * 4 * 2], 2, 4)).build();
        double[][][] states = randomStates(2, 7);
        kafka.send(topic("qdm.generation.denoised"), "job-poison", garbage);
        kafka.send(topic("qdm.generation.denoised"), "job-narrow", narrow.toByteArray());
        kafka.send(topic("qdm.generation.denoised"), "job-after",
                batch("job-after", states, OutputKind.OUTPUT_KIND_IMAGES).toByteArray());

        ConsumerRecord<String, byte[]> poison = recordsOf("qdm.generation.denoised.dlq", "job-poison", 1).get(0);
        assertThat(poison.value()).containsExactly(garbage);
        assertThat(KafkaTestClient.header(poison, "dead-letter-reason"))
                .contains("not a valid io.qdm.proto.generation.v1.StateBatch");

        ConsumerRecord<String, byte[]> invalid = recordsOf("qdm.generation.denoised.dlq", "job-narrow", 1).get(0);
        assertThat(StateBatch.parseFrom(invalid.value())).isEqualTo(narrow);
        assertThat(KafkaTestClient.header(invalid, "dead-letter-reason"))
                .isEqualTo("states: shape [2, 4], expected [B, 8]");

        ImageBatch after = ImageBatch.parseFrom(recordsOf("qdm.generation.results", "job-after", 1).get(0).value());
        assertThat(float32(after)).containsExactly(expectedImages(states));
        assertThat(recordsOf("qdm.generation.results", "job-narrow", 0)).isEmpty();
        GenerationStatus failed = GenerationStatus.parseFrom(recordsOf("qdm.generation.status", "job-narrow", 1)
                .get(0).value());
        assertThat(failed.getState()).isEqualTo(JobState.JOB_STATE_FAILED);
        assertThat(failed.getStage()).isEqualTo("latent");
        assertThat(failed.getError().getCode()).isEqualTo("INVALID_ARGUMENT");
        assertThat(failed.getError().getField()).isEqualTo("states");
        assertThat(failed.getError().getMessage()).isEqualTo("states: shape [2, 4], expected [B, 8]");
    }
}
