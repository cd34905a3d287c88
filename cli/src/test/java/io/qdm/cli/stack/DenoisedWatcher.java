package io.qdm.cli.stack;

import io.qdm.proto.generation.v1.StateBatch;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Set;

/**
 * Watches a topic from its current end without a consumer group (no rebalance delay), so a test sees a stage's
 * first output within one poll and can act in the middle of a job.
 */
final class DenoisedWatcher implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;

    private DenoisedWatcher(KafkaConsumer<String, byte[]> consumer) {
        this.consumer = consumer;
    }

    static DenoisedWatcher open(String bootstrap, String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = c.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(i -> new TopicPartition(topic, i.partition())).toList();
        c.assign(partitions);
        c.seekToEnd(partitions);
        partitions.forEach(c::position); // resolve the end offsets now, before the job starts
        return new DenoisedWatcher(c);
    }

    /** Adds the batch indices of {@code jobId} seen to {@code seen} until it holds {@code count} or time is up. */
    void awaitBatches(String jobId, int count, Duration timeout, Set<Integer> seen) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (seen.size() < count && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(20))) {
                if (jobId.equals(r.key())) {
                    seen.add(StateBatch.parseFrom(r.value()).getBatchIndex());
                }
            }
        }
    }

    @Override
    public void close() {
        consumer.close();
    }
}
