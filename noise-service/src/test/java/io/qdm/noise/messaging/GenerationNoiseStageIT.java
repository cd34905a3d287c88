package io.qdm.noise.messaging;

import io.qdm.noise.noise.InitialNoise;
import io.qdm.noise.noise.NoiseField;
import io.qdm.proto.common.v1.ModelRef;
import io.qdm.proto.generation.v1.Backend;
import io.qdm.proto.generation.v1.GenerationPlanned;
import io.qdm.proto.generation.v1.StateBatch;
import io.qdm.testing.KafkaTestClient;
import io.qdm.testing.RealKafkaBroker;
import io.qdm.wire.Tensors;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Black box: the packaged noise-service as a separate process, a real Kafka broker, records in and out.
 */
@QuarkusIntegrationTest
@QuarkusTestResource(RealKafkaBroker.class)
class GenerationNoiseStageIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    @RegisterExtension
    static final KafkaTestClient kafka = KafkaTestClient.forTestBroker();

    private static String topic(String name) {
        return RealKafkaBroker.topic(name);
    }

    private static GenerationPlanned plan(String jobId, int count, int batchSize, long seed) {
        GenerationPlanned.Builder b = GenerationPlanned.newBuilder()
                .setJobId(jobId)
                .setModel(ModelRef.newBuilder().setName("conditioned-latent").setVersion("1"))
                .setStateDimension(8)
                .setCount(count)
                .setBatchSize(batchSize)
                .setBatchesTotal((count + batchSize - 1) / batchSize)
                .setSeed(seed)
                .setBackend(Backend.BACKEND_LOCAL_SIMULATOR)
                .setMetricsRunId("run-" + jobId);
        for (int i = 0; i < count; i++) {
            b.addLabels(i % 10);
        }
        return b.build();
    }

    @Test
    void aPlannedJobBecomesKeyedBatchesOfExactStartingStates() {
        kafka.send(topic("qdm.generation.planned"), "job-a", plan("job-a", 5, 2, 42L).toByteArray());

        // The topic is shared with the other tests of this class (one app start, one topic prefix): keep job-a's records.
        List<ConsumerRecord<String, byte[]>> records = kafka.readFromStartUntil(topic("qdm.generation.noised"),
                        all -> all.stream().filter(r -> "job-a".equals(r.key())).count() >= 3, WAIT)
                .stream().filter(r -> "job-a".equals(r.key())).toList();
        assertThat(records).hasSize(3);
        List<StateBatch> batches = records.stream().map(r -> parse(r.value()))
                .sorted(Comparator.comparingInt(StateBatch::getBatchIndex)).toList();
        assertThat(batches).extracting(StateBatch::getFirstSampleIndex).containsExactly(0L, 2L, 4L);
        assertThat(batches.get(1).getLabelsList()).containsExactly(2, 3);
        double[][] expected = InitialNoise.sample(5, 8, 42L, 0, NoiseField.COMPLEX);
        for (StateBatch batch : batches) {
            assertThat(batch.getBatchesTotal()).isEqualTo(3);
            assertThat(batch.getModel().getName()).isEqualTo("conditioned-latent");
            assertThat(batch.getMetricsRunId()).isEqualTo("run-job-a");
            assertThat(batch.getSeed()).isEqualTo(42L);
            double[] states = Tensors.decodeComplexMatrix(batch.getStates(), "states", 8);
            for (int r = 0; r < states.length / 16; r++) {
                int sample = (int) batch.getFirstSampleIndex() + r;
                double[] row = java.util.Arrays.copyOfRange(states, 16 * r, 16 * r + 16);
                assertThat(row).as("sample %d", sample).containsExactly(expected[sample]);
            }
        }
    }

    @Test
    void poisonAndInvalidRecordsGoToTheDeadLetterTopicWithTheirReasonAndNothingElseIsLost() {
        String planned = topic("qdm.generation.planned");
        byte[] garbage = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x01};
        kafka.send(planned, "job-poison", garbage);
        GenerationPlanned inconsistent = plan("job-bad", 5, 2, 1L).toBuilder().setBatchesTotal(2).build();
        kafka.send(planned, "job-bad", inconsistent.toByteArray());
        kafka.send(planned, "job-good", plan("job-good", 1, 1, 7L).toByteArray());

        List<ConsumerRecord<String, byte[]>> dead = kafka.readFromStart(topic("qdm.generation.planned.dlq"), 2, WAIT);
        assertThat(dead).hasSize(2);
        ConsumerRecord<String, byte[]> poison = dead.stream().filter(r -> "job-poison".equals(r.key())).findFirst().orElseThrow();
        assertThat(poison.value()).containsExactly(garbage);
        assertThat(KafkaTestClient.header(poison, "dead-letter-reason"))
                .as(KafkaTestClient.headers(poison).toString())
                .contains("not a valid io.qdm.proto.generation.v1.GenerationPlanned");
        ConsumerRecord<String, byte[]> bad = dead.stream().filter(r -> "job-bad".equals(r.key())).findFirst().orElseThrow();
        assertThat(KafkaTestClient.header(bad, "dead-letter-reason"))
                .isEqualTo("batches_total: 2 does not match count 5 / batch_size 2 = 3 batches");

        List<ConsumerRecord<String, byte[]>> noised = kafka.readFromStartUntil(topic("qdm.generation.noised"),
                records -> records.stream().anyMatch(r -> "job-good".equals(r.key())), WAIT);
        assertThat(noised.stream().filter(r -> "job-good".equals(r.key())).count()).isEqualTo(1);
        assertThat(noised.stream().filter(r -> "job-bad".equals(r.key())).count()).isZero();
    }

    private static StateBatch parse(byte[] bytes) {
        try {
            return StateBatch.parseFrom(bytes);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new AssertionError("noised record is not a StateBatch", e);
        }
    }
}
