package io.qdm.testing;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

/**
 * Plain Kafka clients for tests: produce raw bytes, and read every record of a topic from the beginning until a
 * count is reached or a deadline passes. Keys are strings, values bytes (protobuf payloads are parsed by the test).
 */
public final class KafkaTestClient implements AutoCloseable, org.junit.jupiter.api.extension.AfterAllCallback {

    private final String bootstrapServers;
    private KafkaProducer<String, byte[]> producer;

    public KafkaTestClient(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /**
     * A client of the test broker ({@link RealKafkaBroker}), for {@code @RegisterExtension static}: it closes
     * itself after the test class. Topic names given to it are used as they are; see {@link RealKafkaBroker#topic}.
     */
    public static KafkaTestClient forTestBroker() {
        return new KafkaTestClient(RealKafkaBroker.bootstrapServers());
    }

    private synchronized KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            Properties props = new Properties();
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            producer = new KafkaProducer<>(props);
        }
        return producer;
    }

    @Override
    public void afterAll(org.junit.jupiter.api.extension.ExtensionContext context) {
        close();
    }

    /**
     * Reads {@code topic} from the start until a record with {@code key} arrived (or the timeout passed) and
     * returns the records with that key, in partition order (one key = one partition, so in production order).
     */
    public List<ConsumerRecord<String, byte[]>> recordsWithKey(String topic, String key, Duration timeout) {
        return readFromStartUntil(topic, rs -> rs.stream().anyMatch(r -> key.equals(r.key())), timeout)
                .stream().filter(r -> key.equals(r.key())).toList();
    }

    /** Sends one record and waits for the broker's acknowledgement. */
    public void send(String topic, String key, byte[] value) {
        try {
            producer().send(new ProducerRecord<>(topic, key, value)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending to " + topic, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("send to " + topic + " failed", e.getCause());
        }
    }

    /**
     * Reads {@code topic} from the earliest offset with a fresh consumer group until {@code count} records arrived
     * or {@code timeout} passed, and returns what arrived (the caller asserts the count).
     */
    public List<ConsumerRecord<String, byte[]>> readFromStart(String topic, int count, Duration timeout) {
        return readFromStartUntil(topic, records -> records.size() >= count, timeout);
    }

    /**
     * Reads {@code topic} from the earliest offset with a fresh consumer group until {@code done} holds for what
     * arrived so far or {@code timeout} passed, and returns what arrived.
     */
    public List<ConsumerRecord<String, byte[]>> readFromStartUntil(
            String topic, java.util.function.Predicate<List<ConsumerRecord<String, byte[]>>> done, Duration timeout) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "qdm-test-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!done.test(records) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    /** The value of a record header as UTF-8 text, or null when absent. */
    public static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** All headers of a record as text, for readable assertion messages. */
    public static Map<String, String> headers(ConsumerRecord<String, byte[]> record) {
        java.util.LinkedHashMap<String, String> map = new java.util.LinkedHashMap<>();
        for (Header h : record.headers()) {
            map.put(h.key(), h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8));
        }
        return map;
    }

    @Override
    public synchronized void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
            producer = null;
        }
    }
}
