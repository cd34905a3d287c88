package io.qdm.cli.stack;

import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.qdm.cli.client.GenerationJobClient;
import io.qdm.cli.client.ServiceChannels;
import io.qdm.proto.common.v1.JobState;
import io.qdm.proto.common.v1.ModelRef;
import io.qdm.proto.common.v1.RequestMeta;
import io.qdm.proto.generation.v1.ClassDistribution;
import io.qdm.proto.generation.v1.GenerateEvent;
import io.qdm.proto.generation.v1.GenerateRequest;
import io.qdm.proto.generation.v1.GenerationJob;
import io.qdm.proto.generation.v1.GenerationRequested;
import io.qdm.proto.generation.v1.GenerationResult;
import io.qdm.proto.generation.v1.GenerationServiceGrpc;
import io.qdm.proto.generation.v1.GenerationStatus;
import io.qdm.proto.generation.v1.GetJobRequest;
import io.qdm.proto.generation.v1.ImageBatch;
import io.qdm.proto.generation.v1.Labels;
import io.qdm.testing.KafkaTestClient;
import io.qdm.testing.RealKafkaBroker;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The whole generation pipeline with the services as real processes (their packaged apps, as {@code qdm up} runs
 * them) against a real Kafka broker, using the shipped model in {@code models/}: gRPC and Kafka give the same bytes
 * for the same request and seed however the job is batched; a SIGKILLed stage restarts and its job completes with
 * no lost and no duplicated sample; a poison record lands in the dead-letter topic with its reason while other jobs
 * complete; cancellation and deadlines stop the reverse chain (counted in the service's metrics); Kafka jobs on
 * qpu-gateway make the same bytes as gRPC Generate on it, and a provider the gateway refuses fails the job's batch.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PipelineIT {

    private static final String MODEL = "conditioned-latent";
    /** Unused by the local stack (8180) and by other tests. */
    private static final int PORT_BASE = 18_180;
    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(300);

    private LocalStack stack;
    private StackConfig config;
    private String kafka;
    private String prefix;
    private KafkaTestClient topics;
    private ServiceChannels circuit;

    @BeforeAll
    void startStack() throws Exception {
        Path home = Path.of(System.getProperty("qdm.home"));
        kafka = RealKafkaBroker.bootstrapServers();
        prefix = "pipeline-it-" + UUID.randomUUID().toString().substring(0, 8) + ".";
        Path state = Files.createTempDirectory("qdm-pipeline-it-");
        config = new StackConfig(home, state, PORT_BASE, kafka, prefix, home.resolve("models"));
        stack = new LocalStack(config, System.out::println);
        for (String name : List.of("latent", "noise", "circuit", "qpu-gateway")) {
            stack.start(StackService.named(name), kafka);
        }
        for (String name : List.of("latent", "noise", "circuit", "qpu-gateway")) {
            stack.awaitReady(StackService.named(name));
        }
        topics = new KafkaTestClient(kafka);
        circuit = ServiceChannels.open(config.address(StackService.named("circuit")));
    }

    @AfterAll
    void stopStack() throws Exception {
        if (circuit != null) {
            circuit.close();
        }
        if (topics != null) {
            topics.close();
        }
        if (stack != null) {
            stack.down();
        }
    }

    private static GenerateRequest request(int count, long seed, int batchSize) {
        return GenerateRequest.newBuilder()
                .setMeta(RequestMeta.newBuilder().setRequestId("it-" + seed + "-" + batchSize))
                .setModel(ModelRef.newBuilder().setName(MODEL))
                .setCount(count)
                .setClassDistribution(ClassDistribution.getDefaultInstance())
                .setSeed(seed)
                .setBatchSize(batchSize)
                .build();
    }

    private GenerationResult generate(GenerateRequest request) {
        return GenerationServiceGrpc.newBlockingStub(circuit.channel()).withDeadlineAfter(300, TimeUnit.SECONDS)
                .generate(request).getResult();
    }

    /**
     * Runs a Kafka job and returns its result batches (de-duplicated by batch index), all of them, read as the CLI
     * reads a job it submitted: from the results topic's end offsets before the request (the earlier jobs of this
     * class are in the topic's history).
     */
    private TreeMap<Integer, ImageBatch> kafkaJob(String jobId, GenerateRequest request) throws Exception {
        GenerationJobClient jobs = new GenerationJobClient(kafka, prefix);
        TreeMap<Integer, ImageBatch> batches = jobs.results(jobs.submit(jobId, request), JOB_TIMEOUT, n -> { });
        assertThat(batches).as("batches of " + jobId).isNotEmpty();
        assertThat(batches.keySet()).as("every batch of " + jobId + " arrived")
                .hasSize(batches.firstEntry().getValue().getBatchesTotal());
        return batches;
    }

    /** The images of a job's batches in sample order, as the raw float32 bytes. */
    private static byte[] imageBytes(TreeMap<Integer, ImageBatch> batches) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long expectedFirst = 0;
        for (ImageBatch b : batches.values()) {
            assertThat(b.getFirstSampleIndex()).as("batch " + b.getBatchIndex() + " starts where the previous ended")
                    .isEqualTo(expectedFirst);
            expectedFirst += b.getImages().getShape(0);
            out.writeBytes(b.getImages().getData().toByteArray());
        }
        return out.toByteArray();
    }

    private static List<Integer> labels(TreeMap<Integer, ImageBatch> batches) {
        return batches.values().stream().flatMap(b -> b.getLabelsList().stream()).toList();
    }

    private static List<Integer> labels(GenerationResult r) {
        return java.util.Arrays.stream(io.qdm.wire.Tensors.decodeInt32(r.getLabels(), "labels")).boxed().toList();
    }

    @Test
    void grpcAndKafkaGiveIdenticalBytesForTheSameSeedWhateverTheBatchSize() throws Exception {
        GenerationResult grpc = generate(request(40, 11, 0));
        assertThat(grpc.getImages().getShapeList()).containsExactly(40L, 28L, 28L);
        assertThat(grpc.getModel().getName()).isEqualTo(MODEL);
        assertThat(grpc.getModel().getVersion()).as("the exact version is echoed").isNotEmpty();
        assertThat(labels(grpc)).hasSize(40).allSatisfy(l -> assertThat(l).isBetween(0, 9));

        TreeMap<Integer, ImageBatch> by7 = kafkaJob("it-batch7-" + UUID.randomUUID(), request(40, 11, 7));
        TreeMap<Integer, ImageBatch> by40 = kafkaJob("it-batch40-" + UUID.randomUUID(), request(40, 11, 40));

        assertThat(by7).hasSize(6);
        assertThat(by40).hasSize(1);
        byte[] expected = grpc.getImages().getData().toByteArray();
        assertThat(imageBytes(by7)).as("Kafka, batches of 7 vs gRPC").isEqualTo(expected);
        assertThat(imageBytes(by40)).as("Kafka, one batch vs gRPC").isEqualTo(expected);
        assertThat(labels(by7)).isEqualTo(labels(grpc));
        assertThat(labels(by40)).isEqualTo(labels(grpc));

        GenerationResult other = generate(request(40, 12, 0));
        assertThat(other.getImages().getData()).as("another seed, other samples").isNotEqualTo(grpc.getImages().getData());
    }

    @Test
    void theQpuGatewayBackendOnItsExactEmulatorGivesTheLocalSimulatorsStates() {
        GenerateRequest states = request(6, 17, 0).toBuilder()
                .setOutput(io.qdm.proto.generation.v1.OutputKind.OUTPUT_KIND_STATES).build();
        GenerationResult local = generate(states);
        GenerationResult qpu = generate(states.toBuilder()
                .setBackend(io.qdm.proto.generation.v1.Backend.BACKEND_QPU_GATEWAY).setQpuProvider("statevector").build());
        double[] a = complex(local);
        double[] b = complex(qpu);
        assertThat(b).hasSize(6 * 8 * 2);
        for (int i = 0; i < a.length; i++) {
            assertThat(b[i]).as("amplitude %d: qpu-gateway's gate-level circuit vs the simulator", i)
                    .isCloseTo(a[i], org.assertj.core.data.Offset.offset(1e-9));
        }
        assertThat(labels(qpu)).isEqualTo(labels(local));
    }

    @Test
    void kafkaJobsRunOnQpuGatewayStepByStepWithTheGrpcPathsBytesWhateverTheBatchSize() throws Exception {
        // the sampling emulator: every draw of a sample is keyed by (seed, sample, timestep), one QPU job per step
        GenerateRequest shots = request(12, 23, 0).toBuilder()
                .setBackend(io.qdm.proto.generation.v1.Backend.BACKEND_QPU_GATEWAY).setQpuProvider("shots").build();
        GenerationResult grpc = generate(shots);
        TreeMap<Integer, ImageBatch> by5 = kafkaJob("it-qpu-5-" + UUID.randomUUID(), shots.toBuilder().setBatchSize(5).build());
        TreeMap<Integer, ImageBatch> by12 = kafkaJob("it-qpu-12-" + UUID.randomUUID(), shots.toBuilder().setBatchSize(12).build());
        assertThat(by5).hasSize(3);
        assertThat(by12).hasSize(1);
        byte[] expected = grpc.getImages().getData().toByteArray();
        assertThat(imageBytes(by5)).as("Kafka on qpu-gateway, batches of 5 vs gRPC on qpu-gateway").isEqualTo(expected);
        assertThat(imageBytes(by12)).as("Kafka on qpu-gateway, one batch vs gRPC on qpu-gateway").isEqualTo(expected);
        assertThat(labels(by5)).isEqualTo(labels(grpc));
        // the estimated moduli are not the simulator's states: the images differ from the local run of the request
        assertThat(generate(request(12, 23, 0)).getImages().getData().toByteArray()).isNotEqualTo(expected);

        // a provider the gateway does not have fails the job's batch with the gateway's reason and field, and its
        // record lands in the dead-letter topic of the noised channel
        String bad = "it-qpu-bad-" + UUID.randomUUID();
        new GenerationJobClient(kafka, prefix).submit(bad, shots.toBuilder().setQpuProvider("annealer").build());
        List<ConsumerRecord<String, byte[]>> statuses = topics.readFromStartUntil(prefix + "qdm.generation.status",
                rs -> rs.stream().anyMatch(r -> bad.equals(r.key()) && isFailed(r.value())), Duration.ofSeconds(120));
        GenerationStatus failed = statuses.stream().filter(r -> bad.equals(r.key()) && isFailed(r.value()))
                .map(r -> parseStatus(r.value())).findFirst().orElseThrow();
        assertThat(failed.getStage()).isEqualTo("qpu");
        assertThat(failed.getError().getCode()).isEqualTo("INVALID_ARGUMENT");
        assertThat(failed.getError().getField()).isEqualTo("provider");
        assertThat(failed.getError().getMessage()).startsWith("qpu-gateway refused step t=8: provider: unknown provider"
                + " \"annealer\"");
        ConsumerRecord<String, byte[]> dead = topics.recordsWithKey(prefix + "qdm.generation.noised.dlq", bad,
                Duration.ofSeconds(60)).get(0);
        assertThat(KafkaTestClient.header(dead, "dead-letter-reason")).contains("annealer");
    }

    @Test
    void cancellingAKafkaJobOnQpuGatewayCancelsItsRunningQpuJobsAndNothingReachesTheResults() throws Exception {
        // batches of 200 on the density-matrix emulator: each step's QPU job runs for seconds, so it is caught running
        String jobId = "it-qpu-cancel-" + UUID.randomUUID();
        new GenerationJobClient(kafka, prefix).submit(jobId, request(400, 31, 200).toBuilder()
                .setBackend(io.qdm.proto.generation.v1.Backend.BACKEND_QPU_GATEWAY).setQpuProvider("noisy").build());
        String qpuStatus = prefix + "qdm.qpu.job-status";
        List<ConsumerRecord<String, byte[]>> seen = topics.readFromStartUntil(qpuStatus,
                rs -> rs.stream().anyMatch(r -> ofJob(r.value(), jobId, JobState.JOB_STATE_RUNNING)), JOB_TIMEOUT);
        String running = seen.stream().filter(r -> ofJob(r.value(), jobId, JobState.JOB_STATE_RUNNING))
                .map(ConsumerRecord::key).findFirst().orElseThrow();

        GenerationJob cancelled = GenerationServiceGrpc.newBlockingStub(circuit.channel())
                .withDeadlineAfter(60, TimeUnit.SECONDS)
                .cancelJob(io.qdm.proto.generation.v1.CancelJobRequest.newBuilder().setJobId(jobId).build());
        assertThat(cancelled.getState()).isEqualTo(JobState.JOB_STATE_CANCELLED);

        List<ConsumerRecord<String, byte[]>> ends = topics.readFromStartUntil(qpuStatus, rs -> rs.stream()
                .anyMatch(r -> running.equals(r.key()) && terminal(r.value())), JOB_TIMEOUT);
        JobState end = ends.stream().filter(r -> running.equals(r.key()) && terminal(r.value()))
                .map(r -> qpuJob(r.value()).getState()).findFirst().orElseThrow();
        assertThat(end).as("the QPU job that was running when the job was cancelled").isEqualTo(JobState.JOB_STATE_CANCELLED);
        assertThat(topics.readFromStartUntil(prefix + GenerationJobClient.RESULTS, rs -> false, Duration.ofSeconds(5))
                .stream().filter(r -> jobId.equals(r.key())).toList()).as("results of the cancelled job").isEmpty();
    }

    private static io.qdm.proto.qpu.v1.QpuJob qpuJob(byte[] value) {
        try {
            return io.qdm.proto.qpu.v1.QpuJobStatusChanged.parseFrom(value).getJob();
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A QPU job event in the given state for a batch of the given generation job (from the job's client context). */
    private static boolean ofJob(byte[] value, String generationJob, JobState state) {
        io.qdm.proto.qpu.v1.QpuJob job = qpuJob(value);
        try {
            return job.getState() == state && !job.getClientContext().isEmpty() && generationJob.equals(
                    io.qdm.proto.circuit.v1.QpuBatchContext.parseFrom(job.getClientContext()).getBatch().getJobId());
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            return false;
        }
    }

    private static boolean terminal(byte[] value) {
        JobState s = qpuJob(value).getState();
        return s == JobState.JOB_STATE_COMPLETED || s == JobState.JOB_STATE_FAILED || s == JobState.JOB_STATE_CANCELLED;
    }

    private static boolean isFailed(byte[] value) {
        return parseStatus(value).getState() == JobState.JOB_STATE_FAILED;
    }

    private static GenerationStatus parseStatus(byte[] value) {
        try {
            return GenerationStatus.parseFrom(value);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    private static double[] complex(GenerationResult r) {
        java.nio.DoubleBuffer d = java.nio.ByteBuffer.wrap(r.getStates().getData().toByteArray())
                .order(java.nio.ByteOrder.LITTLE_ENDIAN).asDoubleBuffer();
        double[] out = new double[d.remaining()];
        d.get(out);
        return out;
    }

    /**
     * The Python client (clients/python, installed from PyPI into a virtualenv under target/) runs its own tests
     * against this stack, live ones included: its gRPC images must have the SHA-256 of the Java client's, and its
     * Kafka job (batches of 5) the same bytes again.
     */
    @Test
    void thePythonClientGetsTheJavaClientsBytesOverGrpcAndKafka() throws Exception {
        byte[] images = generate(request(12, 5, 0)).getImages().getData().toByteArray(); // as test_live_stack.py
        String digest = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(images));
        Path home = Path.of(System.getProperty("qdm.home"));
        Path log = Files.createTempFile("qdm-python-client-", ".log");
        ProcessBuilder pb = new ProcessBuilder("bash", home.resolve("clients/python/run-tests").toString(), "-rs")
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("QDM_PYTHON_VENV", home.resolve("cli/target/python-venv").toString());
        pb.environment().put("QDM_CIRCUIT_ADDRESS", config.address(StackService.named("circuit")));
        pb.environment().put("KAFKA_BOOTSTRAP_SERVERS", kafka);
        pb.environment().put("QDM_TOPICS_PREFIX", prefix);
        pb.environment().put("QDM_EXPECTED_IMAGES_SHA256", digest);
        Process p = pb.start();
        assertThat(p.waitFor(600, TimeUnit.SECONDS)).as("python client tests finish").isTrue();
        String output = Files.readString(log);
        assertThat(p.exitValue()).as(output).isZero();
        assertThat(output).as("every test ran, the live ones too").containsPattern("\\d+ passed")
                .doesNotContain("skipped");
    }

    @Test
    void explicitLabelsAreHonouredAndEchoed() {
        GenerationResult r = generate(request(5, 3, 0).toBuilder()
                .setLabels(Labels.newBuilder().addValues(7)).build());
        assertThat(labels(r)).containsExactly(7, 7, 7, 7, 7);
        assertThat(r.getRequestId()).isEqualTo("it-3-0");
    }

    @Test
    void aStageKilledMidJobRestartsAndTheJobCompletesWithNoLostAndNoDuplicatedSample() throws Exception {
        GenerateRequest request = request(4000, 21, 10);
        String jobId = "it-kill-" + UUID.randomUUID();
        GenerationJobClient jobs = new GenerationJobClient(kafka, prefix);
        kafkaJob("it-warm-" + UUID.randomUUID(), request(2, 1, 0)); // every topic of the chain exists from here on
        StackService circuitService = StackService.named("circuit");
        java.util.Set<Integer> denoisedAtKill = new java.util.HashSet<>();
        try (var denoised = DenoisedWatcher.open(kafka, prefix + "qdm.generation.denoised")) {
            jobs.submit(jobId, request);
            // crash the circuit stage as soon as it has denoised its first batch of the job
            denoised.awaitBatches(jobId, 1, Duration.ofSeconds(120), denoisedAtKill);
            stack.kill(circuitService);
            denoised.awaitBatches(jobId, Integer.MAX_VALUE, Duration.ofSeconds(2), denoisedAtKill);
        }
        assertThat(denoisedAtKill.size()).as("the kill came in the middle of the job (batches denoised before it)")
                .isBetween(1, 399);
        while (stack.livePid(circuitService).isPresent()) {
            Thread.sleep(50);
        }
        stack.start(circuitService, kafka);
        stack.awaitReady(circuitService);

        TreeMap<Integer, ImageBatch> batches = jobs.results(jobId, JOB_TIMEOUT, n -> { });
        assertThat(batches.keySet()).as("all 400 batches after the restart").hasSize(400);
        List<ConsumerRecord<String, byte[]>> raw = topics.recordsWithKey(prefix + GenerationJobClient.RESULTS, jobId,
                Duration.ofSeconds(10));
        for (ConsumerRecord<String, byte[]> r : raw) {
            ImageBatch copy = ImageBatch.parseFrom(r.value());
            assertThat(copy.getImages()).as("a redelivered batch is byte-identical to its first delivery")
                    .isEqualTo(batches.get(copy.getBatchIndex()).getImages());
        }
        assertThat(imageBytes(batches)).as("the job's 4000 samples equal a single gRPC generation")
                .isEqualTo(generate(request(4000, 21, 0)).getImages().getData().toByteArray());
    }

    @Test
    void aPoisonRecordLandsInTheDeadLetterTopicWithItsReasonWhileOtherJobsComplete() throws Exception {
        String poison = "it-poison-" + UUID.randomUUID();
        topics.send(prefix + GenerationJobClient.REQUESTS, poison, new byte[] {0x0a, (byte) 0xff, 0x01});
        String badModel = "it-bad-model-" + UUID.randomUUID();
        GenerationRequested unknownModel = GenerationRequested.newBuilder().setJobId(badModel)
                .setRequest(request(3, 1, 0).toBuilder().setModel(ModelRef.newBuilder().setName("no-such-model")))
                .build();
        topics.send(prefix + GenerationJobClient.REQUESTS, badModel, unknownModel.toByteArray());

        TreeMap<Integer, ImageBatch> good = kafkaJob("it-after-poison-" + UUID.randomUUID(), request(12, 5, 4));
        assertThat(good).hasSize(3);

        String dlq = prefix + GenerationJobClient.REQUESTS + ".dlq";
        ConsumerRecord<String, byte[]> dead = topics.recordsWithKey(dlq, poison, Duration.ofSeconds(60)).get(0);
        assertThat(dead.value()).containsExactly(0x0a, (byte) 0xff, 0x01);
        assertThat(KafkaTestClient.header(dead, "dead-letter-reason")).isNotBlank();

        ConsumerRecord<String, byte[]> rejected = topics.recordsWithKey(dlq, badModel, Duration.ofSeconds(60)).get(0);
        assertThat(KafkaTestClient.header(rejected, "dead-letter-reason")).contains("no-such-model");
        GenerationStatus failed = GenerationStatus.parseFrom(topics.recordsWithKey(
                prefix + "qdm.generation.status", badModel, Duration.ofSeconds(60)).get(0).value());
        assertThat(failed.getState()).isEqualTo(JobState.JOB_STATE_FAILED);
        assertThat(failed.getError().getField()).isEqualTo("model");
    }

    @Test
    void submittedJobsAreTrackedAndAnIdempotencyKeyReturnsTheSameJob() throws Exception {
        var stub = GenerationServiceGrpc.newBlockingStub(circuit.channel()).withDeadlineAfter(60, TimeUnit.SECONDS);
        GenerateRequest keyed = request(30, 8, 10).toBuilder()
                .setMeta(RequestMeta.newBuilder().setRequestId("it-keyed").setIdempotencyKey("it-key-" + prefix))
                .build();
        GenerationJob first = stub.submitGeneration(keyed);
        GenerationJob retry = stub.submitGeneration(keyed.toBuilder()
                .setMeta(keyed.getMeta().toBuilder().setRequestId("it-keyed-retry")).build());
        assertThat(retry.getJobId()).isEqualTo(first.getJobId());
        assertThatThrownBy(() -> stub.submitGeneration(keyed.toBuilder().setCount(31).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.ALREADY_EXISTS));

        GenerationJob done = null;
        Iterator<GenerationJob> watch = GenerationServiceGrpc.newBlockingStub(circuit.channel())
                .withDeadlineAfter(300, TimeUnit.SECONDS)
                .watchJob(GetJobRequest.newBuilder().setJobId(first.getJobId()).build());
        while (watch.hasNext()) {
            done = watch.next();
        }
        assertThat(done).isNotNull();
        assertThat(done.getState()).isEqualTo(JobState.JOB_STATE_COMPLETED);
        assertThat(done.getSamplesDone()).isEqualTo(30);
        assertThat(done.getBatchesDone()).isEqualTo(3);
        assertThatThrownBy(() -> stub.getJob(GetJobRequest.newBuilder().setJobId("no-such-job").build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
    }

    @Test
    void cancellationAndDeadlinesStopTheReverseChainBetweenSteps() throws Exception {
        double cancelledBefore = stopped("cancelled");
        Context.CancellableContext call = Context.current().withCancellation();
        Iterator<GenerateEvent> events = call.call(() -> GenerationServiceGrpc.newBlockingStub(circuit.channel())
                .generateStream(request(4000, 9, 0)));
        GenerateEvent first = events.next();
        assertThat(first.hasProgress()).isTrue();
        assertThat(first.getProgress().getStep()).isEqualTo(1);
        call.cancel(null);
        awaitCounter("cancelled", cancelledBefore + 1);

        double deadlineBefore = stopped("deadline");
        assertThatThrownBy(() -> GenerationServiceGrpc.newBlockingStub(circuit.channel())
                .withDeadlineAfter(300, TimeUnit.MILLISECONDS).generate(request(4000, 10, 0)))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED));
        awaitCounter("deadline", deadlineBefore + 1);
    }

    private void awaitCounter(String reason, double atLeast) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (stopped(reason) < atLeast) {
            assertThat(System.nanoTime()).as("qdm_generation_stopped_total{reason=" + reason + "} reaches " + atLeast)
                    .isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    /** circuit-service's {@code qdm_generation_stopped_total{reason=...}} from its Prometheus endpoint. */
    private double stopped(String reason) throws Exception {
        HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                "http://localhost:" + StackService.named("circuit").port(PORT_BASE) + "/q/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher m = Pattern.compile("^qdm_generation_stopped_total\\{[^}]*reason=\"" + reason + "\"[^}]*} ([0-9.E]+)",
                Pattern.MULTILINE).matcher(metrics.body());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
