package io.qdm.cli.client;

import io.qdm.proto.generation.v1.GenerateRequest;
import io.qdm.proto.generation.v1.GenerationRequested;
import io.qdm.proto.generation.v1.ImageBatch;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The Kafka path of batch generation as a client sees it: a job is a {@code GenerationRequested} record on
 * {@code qdm.generation.requests} keyed by its job id; its images arrive as {@code ImageBatch} records on
 * {@code qdm.generation.results} under the same key. Delivery is at least once, so the results are de-duplicated
 * by batch index here (a redelivered batch is byte-identical, so which copy is kept does not matter).
 */
public final class GenerationJobClient {

    public static final String REQUESTS = "qdm.generation.requests";
    public static final String RESULTS = "qdm.generation.results";

    private final String bootstrap;
    private final String topicPrefix;

    public GenerationJobClient(String bootstrap, String topicPrefix) {
        this.bootstrap = bootstrap;
        this.topicPrefix = topicPrefix == null ? "" : topicPrefix;
    }

    /**
     * A published job and where its results can start: the results topic's end offsets read just before the request
     * was published. Every result of the job is produced after its request, so reading from there skips the topic's
     * history (all earlier jobs' images), which {@link #results(String, Duration, Consumer)} reads from the start.
     */
    public record SubmittedJob(String jobId, Map<TopicPartition, Long> resultsFrom) {}

    /** Publishes the job and waits for the broker's acknowledgement; see {@link SubmittedJob}. */
    public SubmittedJob submit(String jobId, GenerateRequest request) throws Exception {
        Map<TopicPartition, Long> from;
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerProperties(), new StringDeserializer(),
                new ByteArrayDeserializer())) {
            String topic = topicPrefix + RESULTS;
            // no results topic yet: it is created by the first result, so all of its records are new (empty map)
            List<org.apache.kafka.common.PartitionInfo> infos = consumer.listTopics(Duration.ofSeconds(30)).get(topic);
            from = infos == null ? Map.of() : consumer.endOffsets(
                    infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList(), Duration.ofSeconds(30));
        }
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "30000");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(),
                new ByteArraySerializer())) {
            GenerationRequested event = GenerationRequested.newBuilder().setJobId(jobId).setRequest(request)
                    .setRequestedAtMs(System.currentTimeMillis()).build();
            producer.send(new ProducerRecord<>(topicPrefix + REQUESTS, jobId, event.toByteArray()))
                    .get(30, TimeUnit.SECONDS);
        }
        return new SubmittedJob(jobId, Map.copyOf(from));
    }

    /** The results of a job this client submitted, read from {@link SubmittedJob#resultsFrom()} on. */
    public TreeMap<Integer, ImageBatch> results(SubmittedJob job, Duration timeout, Consumer<Integer> onProgress)
            throws Exception {
        return read(job.jobId(), timeout, Integer.MAX_VALUE, onProgress, job.resultsFrom());
    }

    /**
     * Reads the job's result batches from the start of the results topic (any job, whoever submitted it) until all
     * {@code batches_total} distinct batches are in or {@code timeout} passes.
     *
     * @return batches by index (complete or not: the caller checks against batches_total)
     */
    public TreeMap<Integer, ImageBatch> results(String jobId, Duration timeout, Consumer<Integer> onProgress)
            throws Exception {
        return results(jobId, timeout, Integer.MAX_VALUE, onProgress);
    }

    /** Like {@link #results(String, Duration, Consumer)}, but returns as soon as {@code enough} batches are in. */
    public TreeMap<Integer, ImageBatch> results(String jobId, Duration timeout, int enough, Consumer<Integer> onProgress)
            throws Exception {
        return read(jobId, timeout, enough, onProgress, Map.of());
    }

    /** Reads the job's batches; each partition from its offset in {@code from}, or from its start when absent. */
    private TreeMap<Integer, ImageBatch> read(String jobId, Duration timeout, int enough, Consumer<Integer> onProgress,
            Map<TopicPartition, Long> from) throws Exception {
        TreeMap<Integer, ImageBatch> batches = new TreeMap<>();
        int total = -1;
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerProperties(), new StringDeserializer(),
                new ByteArrayDeserializer())) {
            String topic = topicPrefix + RESULTS;
            List<TopicPartition> partitions = waitForPartitions(consumer, topic, deadline);
            consumer.assign(partitions);
            for (TopicPartition tp : partitions) {
                Long offset = from.get(tp);
                if (offset == null) {
                    consumer.seekToBeginning(List.of(tp));
                } else {
                    consumer.seek(tp, offset);
                }
            }
            while (System.nanoTime() < deadline && (total < 0 || batches.size() < total) && batches.size() < enough) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (!jobId.equals(r.key())) {
                        continue;
                    }
                    ImageBatch b = ImageBatch.parseFrom(r.value());
                    total = b.getBatchesTotal();
                    if (batches.putIfAbsent(b.getBatchIndex(), b) == null) {
                        onProgress.accept(batches.size());
                    }
                }
            }
        }
        return batches;
    }

    private Properties consumerProperties() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(64 << 20));
        p.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, Integer.toString(128 << 20));
        return p;
    }

    private static List<TopicPartition> waitForPartitions(KafkaConsumer<String, byte[]> consumer, String topic,
                                                          long deadline) throws InterruptedException {
        while (true) {
            Map<String, List<org.apache.kafka.common.PartitionInfo>> topics = consumer.listTopics(Duration.ofSeconds(5));
            if (topics.containsKey(topic)) {
                return topics.get(topic).stream().map(i -> new TopicPartition(topic, i.partition())).toList();
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("topic " + topic + " does not exist (no results were ever produced)");
            }
            Thread.sleep(500);
        }
    }
}
