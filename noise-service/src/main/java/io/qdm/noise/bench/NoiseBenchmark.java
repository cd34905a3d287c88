package io.qdm.noise.bench;

import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.qdm.datasets.DataDirectory;
import io.qdm.noise.PairRun;
import io.qdm.noise.mapping.NoiseMapper;
import io.qdm.noise.pairs.TrainingPairStream;
import io.qdm.noise.service.DatasetSource;
import io.qdm.noise.service.DatasetUnavailableException;
import io.qdm.noise.service.TrainingPairRuns;
import io.qdm.noise.config.NoiseConfig;
import io.qdm.proto.common.v1.RequestMeta;
import io.qdm.proto.noise.v1.DatasetSpec;
import io.qdm.proto.noise.v1.NoiseServiceGrpc;
import io.qdm.proto.noise.v1.TrainingPairBatch;
import io.qdm.proto.noise.v1.TrainingPairsRequest;
import io.qdm.proto.noise.v1.TrainingPairsRequested;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./qdm bench noise}: training pairs per second, authors' one-step pairs in batches of 64, for 8-dim states
 * (a synthetic latent dataset file of 2048 unit vectors, written to a temp dir) and 256-dim states (MNIST train at
 * 16×16, subset 2048; skipped if the dataset cache lacks MNIST), along three paths:
 * <ol>
 *   <li><b>domain</b>: {@link TrainingPairStream#batch(long)} in this JVM, nothing else;</li>
 *   <li><b>grpc</b>: {@code StreamTrainingPairs} from the packaged service ({@code target/quarkus-app/quarkus-run.jar},
 *       started by this benchmark as a child JVM on a free port), read by a blocking grpc-java stub;</li>
 *   <li><b>kafka</b>: a {@code TrainingPairsRequested} record to the same child service through a real broker, timed until
 *       the last {@code TrainingPairBatch} record of the run is consumed (skipped if no broker answers).</li>
 * </ol>
 * Usage: {@code NoiseBenchmark [--quick] [--json FILE] [--bootstrap HOST:PORT] [--app-jar PATH] [--data-dir DIR]}.
 */
public final class NoiseBenchmark {

    static final int BATCH = 64;
    static final int SAMPLES = 2048;

    record Row(String path, int dimension, long batches, long pairs, double seconds, String note) {
        double pairsPerSecond() {
            return seconds > 0 ? pairs / seconds : 0;
        }
    }

    private final boolean quick;
    private final String bootstrap;
    private final Path appJar;
    private final Path dataDir;
    private final Path latentFile;
    private final String latentSha;
    private final List<Row> rows = new ArrayList<>();

    private NoiseBenchmark(boolean quick, String bootstrap, Path appJar, Path dataDir, Path latentFile, String latentSha) {
        this.quick = quick;
        this.bootstrap = bootstrap;
        this.appJar = appJar;
        this.dataDir = dataDir;
        this.latentFile = latentFile;
        this.latentSha = latentSha;
    }

    public static void main(String[] args) throws Exception {
        boolean quick = false;
        Path json = null;
        String bootstrap = Optional.ofNullable(System.getenv("KAFKA_BOOTSTRAP_SERVERS")).orElse("127.0.0.1:19092");
        Path home = Path.of(System.getProperty("qdm.home", ".")).toAbsolutePath().normalize();
        Path appJar = home.resolve("noise-service/target/quarkus-app/quarkus-run.jar");
        String envData = System.getenv(DataDirectory.ENV);
        Path dataDir = envData == null || envData.isBlank() ? home.resolve(".qdm/data") : Path.of(envData);
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--json" -> json = Path.of(args[++i]);
                case "--bootstrap" -> bootstrap = args[++i];
                case "--app-jar" -> appJar = Path.of(args[++i]);
                case "--data-dir" -> dataDir = Path.of(args[++i]);
                default -> {
                    System.err.println("usage: NoiseBenchmark [--quick] [--json FILE] [--bootstrap HOST:PORT] "
                            + "[--app-jar PATH] [--data-dir DIR]");
                    System.exit(2);
                }
            }
        }
        Path tmp = Files.createTempDirectory("qdm-bench-noise-");
        Path latent = tmp.resolve("latents-2048x8.f64");
        String sha = writeLatents(latent);
        NoiseBenchmark bench = new NoiseBenchmark(quick, bootstrap, appJar, dataDir, latent, sha);
        bench.run();
        String table = bench.table();
        System.out.println(table);
        if (json != null) {
            Files.writeString(json, bench.json());
            System.out.println("JSON written to " + json.toAbsolutePath());
        }
    }

    /** 2048 non-negative unit vectors in R^8 (like the authors' latents), seeded; returns the file's SHA-256. */
    static String writeLatents(Path file) throws Exception {
        SplittableRandom rnd = new SplittableRandom(2311_15444L);
        double[] a = new double[SAMPLES * 8];
        for (int i = 0; i < SAMPLES; i++) {
            double s = 0;
            for (int k = 0; k < 8; k++) {
                a[i * 8 + k] = rnd.nextDouble() + 1e-3;
                s += a[i * 8 + k] * a[i * 8 + k];
            }
            for (int k = 0; k < 8; k++) {
                a[i * 8 + k] /= Math.sqrt(s);
            }
        }
        ByteBuffer b = ByteBuffer.allocate(a.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        b.asDoubleBuffer().put(a);
        Files.write(file, b.array());
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b.array()));
    }

    private double budgetSeconds() {
        return quick ? 2.0 : 10.0;
    }

    private DatasetSpec spec(int dimension) {
        return dimension == 8
                ? DatasetSpec.newBuilder().setName("latent").build()
                : DatasetSpec.newBuilder().setName("mnist").setSplit("train").setResolution(16).setLimit(SAMPLES)
                        .setSubsetSeed(1).build();
    }

    private void run() throws Exception {
        List<Integer> dims = new ArrayList<>(List.of(8));
        DatasetSource source = new DatasetSource(dataDir, latentConfig(), 1L << 26, 4);
        try {
            source.load(NoiseMapper.toDatasetRequest(spec(256)));
            dims.add(256);
        } catch (DatasetUnavailableException e) {
            for (String p : List.of("domain", "grpc", "kafka")) {
                rows.add(new Row(p, 256, 0, 0, 0, "skipped: MNIST not in " + dataDir + " (./qdm data fetch)"));
            }
        }
        TrainingPairRuns runs = new TrainingPairRuns(source, 4096);
        for (int dim : dims) {
            rows.add(domain(runs, dim));
        }
        if (!Files.isRegularFile(appJar)) {
            for (int dim : dims) {
                rows.add(new Row("grpc", dim, 0, 0, 0, "skipped: no " + appJar
                        + " (./mvnw -B -o -pl noise-service package -DskipTests)"));
            }
            return;
        }
        boolean kafka = brokerAnswers();
        String prefix = "bench-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        int port = freePort();
        Process app = startApp(port, prefix);
        try {
            awaitLive(port, app);
            ManagedChannel channel = ManagedChannelBuilder.forAddress("localhost", port).usePlaintext()
                    .maxInboundMessageSize(64 << 20).build();
            try {
                for (int dim : dims) {
                    rows.add(grpc(channel, dim));
                }
            } finally {
                channel.shutdownNow();
            }
            for (int dim : dims) {
                rows.add(kafka ? kafka(prefix, dim)
                        : new Row("kafka", dim, 0, 0, 0, "skipped: no broker at " + bootstrap + " (./qdm kafka start)"));
            }
        } finally {
            app.destroy();
            if (!app.waitFor(20, TimeUnit.SECONDS)) {
                app.destroyForcibly();
            }
        }
    }

    private NoiseConfig.Latent latentConfig() {
        return new NoiseConfig.Latent() {
            @Override
            public Optional<String> vectorsPath() {
                return Optional.of(latentFile.toString());
            }

            @Override
            public Optional<String> labelsPath() {
                return Optional.empty();
            }

            @Override
            public Optional<String> sha256() {
                return Optional.of(latentSha);
            }

            @Override
            public int dimension() {
                return 8;
            }
        };
    }

    private TrainingPairsRequest request(int dim, int epochs, String id) {
        return TrainingPairsRequest.newBuilder()
                .setMeta(RequestMeta.newBuilder().setRequestId(id))
                .setDataset(spec(dim))
                .setPairKind(io.qdm.proto.noise.v1.PairKind.PAIR_KIND_ONE_STEP)
                .setSeed(7).setBatchSize(BATCH).setEpochs(epochs)
                .build();
    }

    private Row domain(TrainingPairRuns runs, int dim) {
        PairRun run = NoiseMapper.toPairRun(request(dim, 1000, "domain"));
        TrainingPairStream stream = runs.open(run).stream();
        long b = 0;
        long warm = System.nanoTime() + (long) (budgetSeconds() / 4 * 1e9);
        while (System.nanoTime() < warm) {
            stream.batch(b++);
        }
        long t0 = System.nanoTime();
        long n = 0;
        while (System.nanoTime() - t0 < budgetSeconds() * 1e9) {
            stream.batch(b++);
            n++;
        }
        return new Row("domain", dim, n, n * BATCH, (System.nanoTime() - t0) / 1e9, "in-process TrainingPairStream");
    }

    private Row grpc(ManagedChannel channel, int dim) {
        NoiseServiceGrpc.NoiseServiceBlockingStub stub = NoiseServiceGrpc.newBlockingStub(channel);
        // Warm-up: loads and caches the dataset in the service, JIT-compiles both sides.
        timedStream(stub, dim, budgetSeconds() / 4);
        double[] r = timedStream(stub, dim, budgetSeconds());
        return new Row("grpc", dim, (long) r[0], (long) r[0] * BATCH, r[1], "StreamTrainingPairs from the packaged app");
    }

    /** Reads batches for about {@code seconds}, then cancels the call; returns {batches, seconds}. */
    private double[] timedStream(NoiseServiceGrpc.NoiseServiceBlockingStub stub, int dim, double seconds) {
        Context.CancellableContext ctx = Context.current().withCancellation();
        double[] out = new double[2];
        ctx.run(() -> {
            Iterator<TrainingPairBatch> it = stub.streamTrainingPairs(request(dim, 1000, "grpc-bench"));
            it.next(); // first batch: dataset resolution and call set-up are not throughput
            long t0 = System.nanoTime();
            long n = 0;
            while (System.nanoTime() - t0 < seconds * 1e9 && it.hasNext()) {
                it.next();
                n++;
            }
            out[0] = n;
            out[1] = (System.nanoTime() - t0) / 1e9;
        });
        ctx.cancel(null);
        return out;
    }

    private Row kafka(String prefix, int dim) throws Exception {
        String in = prefix + "qdm.noise.pair-requests";
        String outTopic = prefix + "qdm.noise.training-pairs";
        // One epoch of 32 batches x the requested timesteps stays under the per-request limit of 512 batches.
        int[] timesteps = quick ? new int[] {0, 3} : new int[] {0, 1, 2, 3, 4, 5, 6, 7};
        try (KafkaProducer<String, byte[]> producer = producer();
             KafkaConsumer<String, byte[]> consumer = consumer()) {
            consumer.subscribe(List.of(outTopic));
            // Warm-up request (loads the dataset in the service, creates the topics, joins the group).
            String warmId = "warm-" + dim;
            producer.send(new ProducerRecord<>(in, warmId, requested(dim, warmId, new int[] {0}).toByteArray())).get();
            awaitRecords(consumer, warmId, SAMPLES / BATCH, Duration.ofSeconds(120));
            String id = "run-" + dim;
            long expected = (long) SAMPLES / BATCH * timesteps.length;
            long t0 = System.nanoTime();
            producer.send(new ProducerRecord<>(in, id, requested(dim, id, timesteps).toByteArray())).get();
            long got = awaitRecords(consumer, id, expected, Duration.ofSeconds(300));
            double s = (System.nanoTime() - t0) / 1e9;
            return new Row("kafka", dim, got, got * BATCH, s, got == expected ? "request record to last batch consumed"
                    : "INCOMPLETE: " + got + " of " + expected + " batches");
        }
    }

    private TrainingPairsRequested requested(int dim, String id, int[] timesteps) {
        TrainingPairsRequest.Builder r = request(dim, 1, id).toBuilder();
        for (int t : timesteps) {
            r.addTimesteps(t);
        }
        return TrainingPairsRequested.newBuilder().setMeta(RequestMeta.newBuilder().setRequestId(id)).setRequest(r)
                .setRequestedAtMs(System.currentTimeMillis()).build();
    }

    private static long awaitRecords(KafkaConsumer<String, byte[]> consumer, String key, long count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long n = 0;
        while (n < count && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                if (key.equals(r.key())) {
                    n++;
                }
            }
        }
        return n;
    }

    private KafkaProducer<String, byte[]> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return new KafkaProducer<>(p);
    }

    private KafkaConsumer<String, byte[]> consumer() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "qdm-bench-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(8 << 20));
        return new KafkaConsumer<>(p);
    }

    private boolean brokerAnswers() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000");
        try (Admin admin = Admin.create(p)) {
            admin.describeCluster().nodes().get(6, TimeUnit.SECONDS);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private Process startApp(int port, String prefix) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> cmd = new ArrayList<>(List.of(java.toString(),
                "-Dquarkus.http.port=" + port,
                "-Dkafka.bootstrap.servers=" + bootstrap,
                "-Dqdm.topics.prefix=" + prefix,
                "-Dqdm.noise.data-dir=" + dataDir,
                "-Dqdm.noise.latent.vectors-path=" + latentFile,
                "-Dqdm.noise.latent.sha256=" + latentSha,
                "-Dquarkus.log.level=WARN",
                "-Dquarkus.log.category.\"io.qdm.noise.grpc\".level=DEBUG",
                "-jar", appJar.toString()));
        Path log = latentFile.getParent().resolve("noise-service.log");
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static void awaitLive(int port, Process app) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline) {
            if (!app.isAlive()) {
                throw new IllegalStateException("the noise-service exited with " + app.exitValue() + " during start-up");
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                        + "/q/health/live")).timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the noise-service did not become live on port " + port + " within 180 s");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    String table() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "noise-service training pairs (one-step, batch %d, %s)%n", BATCH,
                quick ? "quick" : "full"));
        b.append(String.format(Locale.ROOT, "%-7s %5s %9s %10s %8s %14s  %s%n", "path", "dim", "batches", "pairs",
                "seconds", "pairs/s", "note"));
        for (Row r : rows) {
            b.append(String.format(Locale.ROOT, "%-7s %5d %9d %10d %8.2f %14.0f  %s%n", r.path(), r.dimension(),
                    r.batches(), r.pairs(), r.seconds(), r.pairsPerSecond(), r.note()));
        }
        return b.toString();
    }

    String json() {
        StringBuilder b = new StringBuilder("{\n  \"benchmark\": \"noise\",\n  \"mode\": \"" + (quick ? "quick" : "full")
                + "\",\n  \"batch_size\": " + BATCH + ",\n  \"pair_kind\": \"one-step\",\n  \"rows\": [\n");
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            b.append(String.format(Locale.ROOT, "    {\"path\": \"%s\", \"dimension\": %d, \"batches\": %d, \"pairs\": %d, "
                            + "\"seconds\": %.3f, \"pairs_per_second\": %.1f, \"note\": \"%s\"}%s%n",
                    r.path(), r.dimension(), r.batches(), r.pairs(), r.seconds(), r.pairsPerSecond(),
                    r.note().replace("\\", "\\\\").replace("\"", "\\\""), i + 1 < rows.size() ? "," : ""));
        }
        return b.append("  ]\n}\n").toString();
    }
}
