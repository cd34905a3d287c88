package io.qdm.cli.stack;

import io.qdm.cli.client.GenerationJobClient;
import io.qdm.cli.client.ServiceChannels;
import io.qdm.cli.kafka.BrokerClasspath;
import io.qdm.cli.kafka.BrokerConfig;
import io.qdm.cli.kafka.KafkaBrokerProcess;
import io.qdm.proto.common.v1.ModelRef;
import io.qdm.proto.common.v1.RequestMeta;
import io.qdm.proto.generation.v1.ClassDistribution;
import io.qdm.proto.generation.v1.GenerateRequest;
import io.qdm.proto.generation.v1.GenerationServiceGrpc;
import io.qdm.proto.generation.v1.ImageBatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Kafka broker restart in the middle of a batch job: the services (real processes) reconnect by themselves and
 * the job completes with every sample, byte-identical to a gRPC generation of the same request.
 */
class BrokerRestartIT {

    private static final int PORT_BASE = 18_280;

    @TempDir
    Path state;

    private KafkaBrokerProcess broker;
    private LocalStack stack;

    @AfterEach
    void stopEverything() throws Exception {
        if (stack != null) {
            stack.down();
        }
        if (broker != null) {
            broker.stop();
        }
    }

    @Test
    void theJobCompletesAfterTheBrokerRestartsMidJob() throws Exception {
        Path home = Path.of(System.getProperty("qdm.home"));
        BrokerClasspath classpath = new BrokerClasspath(home);
        classpath.ensureBuilt(System.out::println);
        broker = new KafkaBrokerProcess(new BrokerConfig(state.resolve("kafka"), freePort(), freePort()), classpath,
                Duration.ofSeconds(120), Duration.ofSeconds(30), System.out::println);
        broker.start();
        String kafka = broker.bootstrapServers();
        stack = new LocalStack(new StackConfig(home, state.resolve("stack"), PORT_BASE, kafka, "restart-it.",
                home.resolve("models")), System.out::println);
        for (String name : List.of("latent", "noise", "circuit")) {
            stack.start(StackService.named(name), kafka);
        }
        for (String name : List.of("latent", "noise", "circuit")) {
            stack.awaitReady(StackService.named(name));
        }
        GenerateRequest request = GenerateRequest.newBuilder()
                .setMeta(RequestMeta.newBuilder().setRequestId("restart-it"))
                .setModel(ModelRef.newBuilder().setName("conditioned-latent"))
                .setCount(4000).setClassDistribution(ClassDistribution.getDefaultInstance())
                .setSeed(31).setBatchSize(10).build();
        GenerationJobClient jobs = new GenerationJobClient(kafka, "restart-it.");
        String warmJob = "restart-warm";
        jobs.submit(warmJob, request.toBuilder().setCount(2).build());
        assertThat(jobs.results(warmJob, Duration.ofSeconds(180), n -> { })).hasSize(1);

        String jobId = "restart-job";
        Set<Integer> denoisedBeforeStop = new HashSet<>();
        try (DenoisedWatcher denoised = DenoisedWatcher.open(kafka, "restart-it.qdm.generation.denoised")) {
            jobs.submit(jobId, request);
            denoised.awaitBatches(jobId, 1, Duration.ofSeconds(120), denoisedBeforeStop);
        }
        KafkaBrokerProcess.StopResult stopped = broker.stop();
        assertThat(stopped.outcome()).isNotEqualTo(KafkaBrokerProcess.StopOutcome.NOT_RUNNING);
        Thread.sleep(5_000);
        assertThat(broker.start().outcome()).isEqualTo(KafkaBrokerProcess.StartOutcome.STARTED);

        TreeMap<Integer, ImageBatch> batches = jobs.results(jobId, Duration.ofSeconds(420), n -> { });
        assertThat(denoisedBeforeStop.size()).as("the broker stopped in the middle of the job").isBetween(1, 399);
        assertThat(batches.keySet()).as("all 400 batches after the restart").hasSize(400);
        ByteArrayOutputStream kafkaBytes = new ByteArrayOutputStream();
        batches.values().forEach(b -> kafkaBytes.writeBytes(b.getImages().getData().toByteArray()));
        try (ServiceChannels circuit = ServiceChannels.open("localhost:" + StackService.named("circuit").port(PORT_BASE))) {
            byte[] grpc = GenerationServiceGrpc.newBlockingStub(circuit.channel()).withDeadlineAfter(300, TimeUnit.SECONDS)
                    .generate(request.toBuilder().setBatchSize(0).build()).getResult().getImages().getData().toByteArray();
            assertThat(kafkaBytes.toByteArray()).as("4000 samples, byte-identical to gRPC").isEqualTo(grpc);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
