package io.qdm.circuit.messaging;

import com.google.protobuf.InvalidProtocolBufferException;
import io.qdm.circuit.TestModels;
import io.qdm.circuit.service.ReverseProcess;
import io.qdm.proto.common.v1.JobState;
import io.qdm.proto.common.v1.ModelRef;
import io.qdm.proto.common.v1.RequestMeta;
import io.qdm.proto.generation.v1.GenerateRequest;
import io.qdm.proto.generation.v1.GenerationPlanned;
import io.qdm.proto.generation.v1.GenerationRequested;
import io.qdm.proto.generation.v1.GenerationStatus;
import io.qdm.proto.generation.v1.Labels;
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
import java.util.Arrays;
import java.util.List;

import static io.qdm.circuit.TestModels.randomStates;
import static org.assertj.core.api.Assertions.assertThat;

/** Black box: the packaged circuit-service as a separate process, a real Kafka broker, records in and out. */
@QuarkusIntegrationTest
@QuarkusTestResource(RealKafkaBroker.class)
@QuarkusTestResource(TestModels.class)
class GenerationCircuitStagesIT {

    private static final Duration WAIT = Duration.ofSeconds(90);
    @RegisterExtension
    static final KafkaTestClient kafka = KafkaTestClient.forTestBroker();

    private static String topic(String name) {
        return RealKafkaBroker.topic(name);
    }

    private static GenerationRequested request(String jobId, int label) {
        return GenerationRequested.newBuilder().setJobId(jobId).setRequest(GenerateRequest.newBuilder()
                        .setMeta(RequestMeta.newBuilder().setRequestId("r-" + jobId))
                        .setModel(ModelRef.newBuilder().setName(TestModels.CONDITIONED))
                        .setCount(5).setLabels(Labels.newBuilder().addValues(label)).setSeed(3L).setBatchSize(2))
                .build();
    }

    private static List<ConsumerRecord<String, byte[]>> recordsOf(String topic, String key) {
        return kafka.recordsWithKey(topic(topic), key, WAIT);
    }

    @Test
    void aRequestIsAcceptedAndPlannedWithEverythingResolved() throws InvalidProtocolBufferException {
        kafka.send(topic("qdm.generation.requests"), "job-c", request("job-c", 7).toByteArray());

        List<ConsumerRecord<String, byte[]>> planned = recordsOf("qdm.generation.planned", "job-c");
        assertThat(planned).hasSize(1);
        GenerationPlanned plan = GenerationPlanned.parseFrom(planned.get(0).value());
        assertThat(plan.getModel().getName()).isEqualTo(TestModels.CONDITIONED);
        assertThat(plan.getModel().getVersion()).isEqualTo("1");
        assertThat(plan.getStateDimension()).isEqualTo(8);
        assertThat(plan.getCount()).isEqualTo(5);
        assertThat(plan.getLabelsList()).containsExactly(7, 7, 7, 7, 7);
        assertThat(plan.getBatchSize()).isEqualTo(2);
        assertThat(plan.getBatchesTotal()).isEqualTo(3);
        assertThat(plan.getSeed()).isEqualTo(3L);
        assertThat(plan.getRequestId()).isEqualTo("r-job-c");

        GenerationStatus status = GenerationStatus.parseFrom(recordsOf("qdm.generation.status", "job-c").get(0).value());
        assertThat(status.getState()).isEqualTo(JobState.JOB_STATE_ACCEPTED);
        assertThat(status.getSamplesTotal()).isEqualTo(5);
        assertThat(status.getBatchesTotal()).isEqualTo(3);
    }

    @Test
    void aNoisedBatchLeavesDenoisedByTheWholeReverseChain() throws InvalidProtocolBufferException {
        double[][] x = randomStates(3, 8, 123);
        int[] labels = {2, 5, 9};
        StateBatch noised = StateBatch.newBuilder().setJobId("job-d").setBatchIndex(4).setBatchesTotal(6)
                .setModel(ModelRef.newBuilder().setName(TestModels.CONDITIONED).setVersion("1"))
                .setSeed(8L).setFirstSampleIndex(10).addLabels(2).addLabels(5).addLabels(9)
                .setStates(Tensors.complexMatrix(Arrays.stream(x).flatMapToDouble(Arrays::stream).toArray(), 3, 8))
                .setMetricsRunId("run-d").build();
        kafka.send(topic("qdm.generation.noised"), "job-d", noised.toByteArray());

        List<ConsumerRecord<String, byte[]>> out = recordsOf("qdm.generation.denoised", "job-d");
        assertThat(out).hasSize(1);
        StateBatch denoised = StateBatch.parseFrom(out.get(0).value());
        assertThat(denoised.getBatchIndex()).isEqualTo(4);
        assertThat(denoised.getFirstSampleIndex()).isEqualTo(10);
        assertThat(denoised.getLabelsList()).containsExactly(2, 5, 9);
        assertThat(denoised.getMetricsRunId()).isEqualTo("run-d");
        try (ReverseProcess direct = new ReverseProcess(1)) {
            double[][] expected = direct.denoise(TestModels.conditioned(), x, labels, 8, 8, 8L, 10);
            assertThat(Tensors.decodeComplexMatrix(denoised.getStates(), "states", 8))
                    .containsExactly(Arrays.stream(expected).flatMapToDouble(Arrays::stream).toArray());
        }
    }

    @Test
    void badRecordsGoToTheDeadLetterTopicsWithTheirReason() throws InvalidProtocolBufferException {
        kafka.send(topic("qdm.generation.requests"), "job-bad", request("job-bad", 12).toByteArray());
        byte[] garbage = {(byte) 0xFF, 0x00, (byte) 0xFF};
        kafka.send(topic("qdm.generation.noised"), "job-poison", garbage);
        kafka.send(topic("qdm.generation.requests"), "job-after", request("job-after", 1).toByteArray());

        ConsumerRecord<String, byte[]> dead = recordsOf("qdm.generation.requests.dlq", "job-bad").get(0);
        assertThat(KafkaTestClient.header(dead, "dead-letter-reason"))
                .isEqualTo("labels: label 12 at index 0 is outside 0..9 of model " + TestModels.CONDITIONED);
        GenerationStatus failed = recordsOf("qdm.generation.status", "job-bad").stream()
                .map(r -> parse(r.value())).filter(s -> s.getState() == JobState.JOB_STATE_FAILED).findFirst().orElseThrow();
        assertThat(failed.getError().getField()).isEqualTo("labels");
        assertThat(recordsOf("qdm.generation.planned", "job-after")).hasSize(1);

        ConsumerRecord<String, byte[]> poison = recordsOf("qdm.generation.noised.dlq", "job-poison").get(0);
        assertThat(poison.value()).containsExactly(garbage);
        assertThat(KafkaTestClient.header(poison, "dead-letter-reason"))
                .contains("not a valid io.qdm.proto.generation.v1.StateBatch");
    }

    private static GenerationStatus parse(byte[] bytes) {
        try {
            return GenerationStatus.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }
}
