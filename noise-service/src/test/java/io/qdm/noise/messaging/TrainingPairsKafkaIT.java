package io.qdm.noise.messaging;

import io.qdm.noise.NoiseTestData;
import io.qdm.noise.mapping.NoiseMapper;
import io.qdm.noise.noise.ForwardProcess;
import io.qdm.noise.pairs.PairKind;
import io.qdm.noise.pairs.TrainingPairMaker;
import io.qdm.noise.pairs.TrainingPairStream;
import io.qdm.noise.preprocess.DatasetRequest;
import io.qdm.noise.preprocess.EncodedDataset;
import io.qdm.noise.preprocess.LatentDatasetFile;
import io.qdm.noise.service.DatasetSource;
import io.qdm.proto.common.v1.RequestMeta;
import io.qdm.proto.noise.v1.DatasetSpec;
import io.qdm.proto.noise.v1.TrainingPairBatch;
import io.qdm.proto.noise.v1.TrainingPairsRequest;
import io.qdm.proto.noise.v1.TrainingPairsRequested;
import io.qdm.testing.KafkaTestClient;
import io.qdm.testing.RealKafkaBroker;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Black box: the packaged noise-service as a separate process, a real Kafka broker, TrainingPairsRequested in,
 * TrainingPairBatch records out, compared byte for byte with the domain's TrainingPairStream.
 */
@QuarkusIntegrationTest
@QuarkusTestResource(RealKafkaBroker.class)
@QuarkusTestResource(NoiseTestData.class)
class TrainingPairsKafkaIT {

    private static final Duration WAIT = Duration.ofSeconds(90);
    @RegisterExtension
    static final KafkaTestClient kafka = KafkaTestClient.forTestBroker();

    private static String topic(String name) {
        return RealKafkaBroker.topic(name);
    }

    /** Latent pairs over a subset of 32 of the 40 test latents, batches of 8, the 8 ONE_STEP timesteps: 32 per epoch. */
    private static TrainingPairsRequested requested(String id, int epochs, long start) {
        return TrainingPairsRequested.newBuilder()
                .setMeta(RequestMeta.newBuilder().setRequestId(id))
                .setRequest(TrainingPairsRequest.newBuilder()
                        .setDataset(DatasetSpec.newBuilder().setName("latent").setLimit(32).setSubsetSeed(21))
                        .setSeed(99).setBatchSize(8).setEpochs(epochs).setStartBatchIndex(start))
                .setRequestedAtMs(1_700_000_000_000L)
                .build();
    }

    private static TrainingPairStream localStream(TrainingPairsRequest r) throws Exception {
        EncodedDataset file = LatentDatasetFile.read(NoiseTestData.vectors(), NoiseTestData.labelsFile(), 8, null);
        EncodedDataset data = DatasetSource.filterAndSubset(file, new DatasetRequest("latent", "", Set.of(), 0,
                r.getDataset().getLimit(), r.getDataset().getSubsetSeed()));
        return new TrainingPairStream(data, new TrainingPairMaker(ForwardProcess.authorsLatent(), PairKind.ONE_STEP),
                r.getSeed(), r.getDataset().getSubsetSeed(), r.getBatchSize(), r.getEpochs(), new int[0]);
    }

    @Test
    void aRequestBecomesItsRunsBatchesKeyedByRequestIdEqualToTheDomainStream() throws Exception {
        TrainingPairsRequested req = requested("run-a", 2, 10);
        kafka.send(topic("qdm.noise.pair-requests"), "run-a", req.toByteArray());

        List<ConsumerRecord<String, byte[]>> records = kafka.readFromStartUntil(topic("qdm.noise.training-pairs"),
                all -> all.stream().filter(r -> "run-a".equals(r.key())).count() >= 54, WAIT)
                .stream().filter(r -> "run-a".equals(r.key())).toList();

        assertThat(records).hasSize(54);
        List<TrainingPairBatch> batches = records.stream().map(r -> parse(r.value()))
                .sorted(Comparator.comparingLong(TrainingPairBatch::getBatchIndex)).toList();
        assertThat(batches).extracting(TrainingPairBatch::getBatchIndex)
                .containsExactlyElementsOf(LongStream.range(10, 64).boxed().toList());
        TrainingPairStream expected = localStream(req.getRequest());
        for (TrainingPairBatch b : batches) {
            assertThat(b.toByteArray()).as("batch %d", b.getBatchIndex())
                    .isEqualTo(NoiseMapper.toProto("run-a", expected.batch(b.getBatchIndex()), 8).toByteArray());
        }
        // One key, one partition: the batches arrive in order.
        assertThat(records.stream().map(r -> parse(r.value()).getBatchIndex()).toList())
                .isEqualTo(LongStream.range(10, 64).boxed().toList());
    }

    @Test
    void badRequestsGoToTheDeadLetterTopicWithTheirReasonAndNothingElseIsLost() {
        String in = topic("qdm.noise.pair-requests");
        byte[] garbage = {(byte) 0xFF, (byte) 0xFF, 0x01};
        kafka.send(in, "run-poison", garbage);
        kafka.send(in, "run-huge", requested("run-huge", 100, 0).toByteArray());
        TrainingPairsRequested unknown = requested("run-unknown", 1, 0).toBuilder()
                .setRequest(requested("run-unknown", 1, 0).getRequest().toBuilder()
                        .setDataset(DatasetSpec.newBuilder().setName("imagenet")))
                .build();
        kafka.send(in, "run-unknown", unknown.toByteArray());
        kafka.send(in, "run-good", requested("run-good", 1, 31).toByteArray());

        List<ConsumerRecord<String, byte[]>> dead = kafka.readFromStart(topic("qdm.noise.pair-requests.dlq"), 3, WAIT);
        assertThat(dead).extracting(ConsumerRecord::key)
                .containsExactlyInAnyOrder("run-poison", "run-huge", "run-unknown");
        ConsumerRecord<String, byte[]> poison = byKey(dead, "run-poison");
        assertThat(poison.value()).containsExactly(garbage);
        assertThat(KafkaTestClient.header(poison, "dead-letter-reason")).as(KafkaTestClient.headers(poison).toString())
                .contains("not a valid io.qdm.proto.noise.v1.TrainingPairsRequested");
        assertThat(KafkaTestClient.header(byKey(dead, "run-huge"), "dead-letter-reason")).isEqualTo(
                "epochs: the request would produce 3200 batches (from start_batch_index 0 to 3200), above the limit of "
                        + "512 per Kafka request (qdm.noise.limits.kafka-max-batches-per-request); request fewer "
                        + "epochs, timesteps or a smaller dataset.limit, or stream over gRPC");
        assertThat(KafkaTestClient.header(byKey(dead, "run-unknown"), "dead-letter-reason"))
                .isEqualTo("dataset.name: unknown dataset 'imagenet' (expected mnist, fashion-mnist or latent)");

        List<ConsumerRecord<String, byte[]>> out = kafka.readFromStartUntil(topic("qdm.noise.training-pairs"),
                all -> all.stream().anyMatch(r -> "run-good".equals(r.key())), WAIT);
        assertThat(out.stream().filter(r -> "run-good".equals(r.key())).map(r -> parse(r.value()).getBatchIndex()))
                .containsExactly(31L);
        assertThat(out.stream().filter(r -> r.key().equals("run-huge") || r.key().equals("run-unknown"))).isEmpty();
    }

    private static ConsumerRecord<String, byte[]> byKey(List<ConsumerRecord<String, byte[]>> records, String key) {
        return records.stream().filter(r -> key.equals(r.key())).findFirst().orElseThrow();
    }

    private static TrainingPairBatch parse(byte[] bytes) {
        try {
            return TrainingPairBatch.parseFrom(bytes);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new AssertionError("training-pairs record is not a TrainingPairBatch", e);
        }
    }
}
