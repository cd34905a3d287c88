package io.qdm.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;
import java.util.UUID;

/**
 * A real Apache Kafka broker (KRaft, broker + controller) for tests: never the in-memory connector.
 *
 * <p>If the environment variable {@value #EXTERNAL_BOOTSTRAP_ENV} is set (as {@code .ci/run} does after
 * {@code ./qdm kafka start}), tests use that separate broker process. Otherwise one broker is started inside this JVM
 * from Kafka's own server code on free loopback ports, shared by every test class of the JVM and closed at exit.
 *
 * <p>Every application start also gets a fresh topic prefix (config key {@value #TOPIC_PREFIX_KEY}), which the services
 * put in front of every topic name: test runs of different modules sharing one broker never see each other's records.
 */
public class RealKafkaBroker implements QuarkusTestResourceLifecycleManager {

    public static final String EXTERNAL_BOOTSTRAP_ENV = "QDM_TEST_KAFKA_BOOTSTRAP";
    public static final String TOPIC_PREFIX_KEY = "qdm.topics.prefix";

    private static EmbeddedKafkaBroker embedded;
    private static volatile String currentTopicPrefix = "";

    @Override
    public Map<String, String> start() {
        String prefix = "it-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        currentTopicPrefix = prefix;
        return Map.of(
                "kafka.bootstrap.servers", bootstrapServers(),
                TOPIC_PREFIX_KEY, prefix);
    }

    @Override
    public void stop() {
        // The broker outlives one application start: other test classes in this JVM reuse it (see shutdown hook).
    }

    /**
     * The topic prefix handed to the application under test by the latest {@link #start()}; black-box tests
     * ({@code @QuarkusIntegrationTest}, which cannot read the application's config) put it in front of topic names.
     */
    public static String currentTopicPrefix() {
        return currentTopicPrefix;
    }

    /** A topic name as the application under test sees it: {@link #currentTopicPrefix()} + name. */
    public static String topic(String name) {
        return currentTopicPrefix + name;
    }

    /** The bootstrap address of the broker tests talk to, starting the in-JVM broker on first use. */
    public static synchronized String bootstrapServers() {
        String external = System.getenv(EXTERNAL_BOOTSTRAP_ENV);
        if (external != null && !external.isBlank()) {
            return external.trim();
        }
        if (embedded == null) {
            EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker()
                    .withKafkaHost("127.0.0.1")
                    .withKafkaPort(freePort())
                    .withControllerPort(freePort())
                    .withDeleteLogDirsOnClose(true)
                    .withAdditionalProperties(p -> {
                        p.setProperty("num.partitions", "3");
                        p.setProperty("group.initial.rebalance.delay.ms", "0");
                        p.setProperty("auto.create.topics.enable", "true");
                    });
            broker.start();
            Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "qdm-test-kafka-shutdown"));
            embedded = broker;
        }
        return embedded.getAdvertisedListeners().replaceFirst("^[A-Z_]+://", "");
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port for the test Kafka broker", e);
        }
    }
}
