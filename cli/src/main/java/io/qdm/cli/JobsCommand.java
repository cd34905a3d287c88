package io.qdm.cli;

import io.grpc.StatusRuntimeException;
import io.qdm.cli.client.GenerationJobClient;
import io.qdm.cli.client.ImageGrid;
import io.qdm.cli.client.NpyWriter;
import io.qdm.cli.client.ServiceChannels;
import io.qdm.proto.common.v1.JobState;
import io.qdm.proto.common.v1.ModelRef;
import io.qdm.proto.common.v1.RequestMeta;
import io.qdm.proto.generation.v1.CancelJobRequest;
import io.qdm.proto.generation.v1.ClassDistribution;
import io.qdm.proto.generation.v1.GenerateRequest;
import io.qdm.proto.generation.v1.GenerationJob;
import io.qdm.proto.generation.v1.GenerationServiceGrpc;
import io.qdm.proto.generation.v1.GetJobRequest;
import io.qdm.proto.generation.v1.ImageBatch;
import io.qdm.proto.generation.v1.Labels;
import io.qdm.wire.Tensors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.ToIntFunction;

/**
 * {@code qdm jobs submit|status|results}: batch generation through Kafka. Works against any deployment: the broker
 * by {@code --kafka} / KAFKA_BOOTSTRAP_SERVERS (default the local broker), the job table by {@code --circuit} /
 * QDM_CIRCUIT_ADDRESS.
 */
@Command(name = "jobs", description = "Kafka batch generation: submit a job, follow it, fetch its images.")
public final class JobsCommand {

    static final String DEFAULT_KAFKA = "127.0.0.1:19092";

    @Spec
    CommandSpec spec;

    @Option(names = "--kafka", scope = picocli.CommandLine.ScopeType.INHERIT,
            description = "Bootstrap servers (default: $KAFKA_BOOTSTRAP_SERVERS or " + DEFAULT_KAFKA + ").")
    String kafka;

    @Option(names = "--circuit", scope = picocli.CommandLine.ScopeType.INHERIT,
            description = "circuit-service address for job status (default: $QDM_CIRCUIT_ADDRESS or localhost:8181).")
    String circuit;

    @Command(name = "submit", description = "Publish a generation job on qdm.generation.requests; prints its job id.")
    int submit(@Option(names = "--n", defaultValue = "2000", description = "Samples (default ${DEFAULT-VALUE}).") int count,
               @Option(names = "--label", split = ",", description = "One label for all, or one per sample.") List<Integer> labels,
               @Option(names = "--seed", defaultValue = "1") long seed,
               @Option(names = "--model", defaultValue = "conditioned-latent") String model,
               @Option(names = "--version", defaultValue = "") String version,
               @Option(names = "--batch-size", defaultValue = "0", description = "Samples per pipeline batch (0 ="
                       + " server default); never changes the output.") int batchSize,
               @Option(names = "--job-id", description = "Job id (default: a new one).") String jobId,
               @picocli.CommandLine.Mixin QpuBackendOptions backend) throws Exception {
        if (count < 1) {
            throw new ParameterException(spec.commandLine(), "--n: must be at least 1");
        }
        String id = jobId != null ? jobId : "job-" + UUID.randomUUID();
        GenerateRequest request = backend.applyTo(request(model, version, count, labels, seed, batchSize, "cli-" + id)
                .toBuilder()).build();
        client().submit(id, request);
        spec.commandLine().getOut().println(id);
        return 0;
    }

    /** A generation request: explicit labels, or a uniform class distribution when none are given. */
    static GenerateRequest request(String model, String version, int count, List<Integer> labels, long seed,
                                   int batchSize, String requestId) {
        GenerateRequest.Builder b = GenerateRequest.newBuilder()
                .setMeta(RequestMeta.newBuilder().setRequestId(requestId))
                .setModel(ModelRef.newBuilder().setName(model).setVersion(version))
                .setCount(count).setSeed(seed).setBatchSize(batchSize);
        if (labels != null && !labels.isEmpty()) {
            b.setLabels(Labels.newBuilder().addAllValues(labels));
        } else {
            b.setClassDistribution(ClassDistribution.getDefaultInstance());
        }
        return b.build();
    }

    @Command(name = "status", description = "The job's state from circuit-service's job table; --watch follows it to"
            + " the end (exit 0 when COMPLETED).")
    int status(@Parameters(paramLabel = "JOB_ID") String jobId,
               @Option(names = "--watch") boolean watch) throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        return onJobTable("status", stub -> {
            GenerationJob last;
            if (watch) {
                last = null;
                Iterator<GenerationJob> it = stub.watchJob(GetJobRequest.newBuilder().setJobId(jobId).build());
                while (it.hasNext()) {
                    last = it.next();
                    out.println(describe(last));
                    out.flush();
                }
            } else {
                last = stub.getJob(GetJobRequest.newBuilder().setJobId(jobId).build());
                out.println(describe(last));
            }
            return last != null && last.getState() == JobState.JOB_STATE_COMPLETED ? 0 : 1;
        });
    }

    @Command(name = "cancel", description = "Cancel a job: its remaining batches stop before any further work (on"
            + " qpu-gateway, queued and running QPU jobs are cancelled too). Prints the job's state.")
    int cancel(@Parameters(paramLabel = "JOB_ID") String jobId) throws Exception {
        return onJobTable("cancel", stub -> {
            spec.commandLine().getOut().println(describe(stub.withDeadlineAfter(60, TimeUnit.SECONDS)
                    .cancelJob(CancelJobRequest.newBuilder().setJobId(jobId).build())));
            return 0;
        });
    }

    /** A call on circuit-service's job table; the exit code is the call's, or 1 with the gRPC status on stderr. */
    private int onJobTable(String command, ToIntFunction<GenerationServiceGrpc.GenerationServiceBlockingStub> call)
            throws Exception {
        String address = ServiceChannels.address(circuit, "circuit", 8181, env());
        try (ServiceChannels ch = ServiceChannels.open(address)) {
            return call.applyAsInt(GenerationServiceGrpc.newBlockingStub(ch.channel()));
        } catch (StatusRuntimeException e) {
            spec.commandLine().getErr().println("qdm jobs " + command + ": " + e.getStatus().getCode() + ": "
                    + e.getStatus().getDescription());
            return 1;
        }
    }

    static String describe(GenerationJob j) {
        return String.format(Locale.ROOT, "%s %s %d/%d samples, %d/%d batches%s", j.getJobId(),
                j.getState().name().replace("JOB_STATE_", ""), j.getSamplesDone(), j.getSamplesTotal(),
                j.getBatchesDone(), j.getBatchesTotal(),
                j.hasError() ? " — " + j.getError().getMessage() : "");
    }

    @Command(name = "results", description = "Read the job's image batches from qdm.generation.results (de-duplicated"
            + " by batch index) and write images.npy, labels.npy and grid.png into --out.")
    int results(@Parameters(paramLabel = "JOB_ID") String jobId,
                @Option(names = "--out", defaultValue = "out/jobs", description = "Directory (default ${DEFAULT-VALUE}/<job id>).") Path outDir,
                @Option(names = "--timeout", defaultValue = "600", description = "Seconds (default ${DEFAULT-VALUE}).") int timeout)
            throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        TreeMap<Integer, ImageBatch> batches = client().results(jobId, Duration.ofSeconds(timeout), n -> {
            out.printf("\r  %d batches received", n);
            out.flush();
        });
        out.println();
        if (batches.isEmpty()) {
            spec.commandLine().getErr().println("qdm jobs results: no results for " + jobId + " within " + timeout + " s");
            return 1;
        }
        int total = batches.firstEntry().getValue().getBatchesTotal();
        Path dir = outDir.resolve(jobId);
        Files.createDirectories(dir);
        Collected c = collect(batches);
        NpyWriter.float32(dir.resolve("images.npy"), c.pixels(), c.count(), c.height(), c.width());
        NpyWriter.int32(dir.resolve("labels.npy"), c.labels());
        ImageGrid.write(c.pixels(), Math.min(c.count(), 100), c.height(), c.width(), 10, dir.resolve("grid.png"));
        out.printf("%d images in %d/%d batches → %s%n", c.count(), batches.size(), total, dir.toAbsolutePath());
        return batches.size() == total ? 0 : 1;
    }

    /** The images of all batches in sample order. */
    record Collected(int count, int height, int width, float[] pixels, int[] labels) {
    }

    static Collected collect(TreeMap<Integer, ImageBatch> batches) {
        int count = 0;
        int h = 0;
        int w = 0;
        for (ImageBatch b : batches.values()) {
            count += (int) b.getImages().getShape(0);
            h = (int) b.getImages().getShape(1);
            w = (int) b.getImages().getShape(2);
        }
        float[] pixels = new float[count * h * w];
        int[] labels = new int[count];
        int row = 0;
        for (ImageBatch b : batches.values()) {
            int n = (int) b.getImages().getShape(0);
            System.arraycopy(Tensors.decodeFloat32(b.getImages(), "images"), 0, pixels, row * h * w, n * h * w);
            for (int i = 0; i < n; i++) {
                labels[row + i] = b.getLabelsCount() == 0 ? -1 : b.getLabels(i);
            }
            row += n;
        }
        return new Collected(count, h, w, pixels, labels);
    }

    private GenerationJobClient client() {
        java.util.Map<String, String> env = env();
        String bootstrap = kafka != null ? kafka : env.getOrDefault("KAFKA_BOOTSTRAP_SERVERS", DEFAULT_KAFKA);
        return new GenerationJobClient(bootstrap, env.getOrDefault("QDM_TOPICS_PREFIX", ""));
    }

    private java.util.Map<String, String> env() {
        return ((QdmCommand) spec.root().userObject()).environment().env();
    }
}
