package io.qdm.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.qdm.cli.client.GenerationJobClient;
import io.qdm.cli.client.ImageGrid;
import io.qdm.cli.client.RunEvaluation;
import io.qdm.cli.client.ServiceChannels;
import io.qdm.cli.stack.StackService;
import io.qdm.cli.stack.StackSupport;
import io.qdm.proto.common.v1.ModelRef;
import io.qdm.proto.common.v1.RequestMeta;
import io.qdm.proto.eval.v1.EvalServiceGrpc;
import io.qdm.proto.eval.v1.EvaluateRequest;
import io.qdm.proto.eval.v1.EvaluationReport;
import io.qdm.proto.generation.v1.GenerateRequest;
import io.qdm.proto.generation.v1.GenerateResponse;
import io.qdm.proto.generation.v1.GenerationServiceGrpc;
import io.qdm.proto.generation.v1.ImageBatch;
import io.qdm.proto.generation.v1.Labels;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code qdm demo}, the README's main job: builds what is missing, fetches the verified data, starts the stack, uses
 * the shipped model to generate a 10×10 grid of all digits over gRPC and a 2,000-sample batch job over Kafka, has
 * eval-service score the batch, writes {@code out/demo/grid.png} and {@code out/demo/report.json}, prints a summary
 * and stops the stack again (unless {@code --keep-running}).
 */
@Command(name = "demo", description = "The end-to-end demo: start the stack, generate a 10x10 digit grid over gRPC and"
        + " a 2,000-sample Kafka job with the shipped model, evaluate it (FID and friends), write out/demo/grid.png and"
        + " out/demo/report.json, stop the stack.")
final class DemoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", defaultValue = "conditioned-latent", description = "Default ${DEFAULT-VALUE}.")
    String model;

    @Option(names = "--n", defaultValue = "2000", description = "Samples of the Kafka batch job (default ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--seed", defaultValue = "2026", description = "Seed of both generations (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", defaultValue = "out/demo", description = "Output directory (default ${DEFAULT-VALUE}).")
    Path outDir;

    @Option(names = "--keep-running", description = "Leave the stack up afterwards (stop it with `qdm down`).")
    boolean keepRunning;

    @Override
    public Integer call() throws Exception {
        long t0 = System.nanoTime();
        PrintWriter out = spec.commandLine().getOut();
        QdmEnvironment env = ((QdmCommand) spec.root().userObject()).environment();
        StackSupport support = new StackSupport(env, line -> {
            out.println(line);
            out.flush();
        });
        Map<String, Double> phases = new LinkedHashMap<>();
        // a stack that was already up (`qdm up`) is left up; what the demo started, it stops
        boolean wasUp = support.stack().status().stream().allMatch(io.qdm.cli.stack.LocalStack.ServiceState::ready);
        Path dir = env.requireHome().resolve(outDir);
        Files.createDirectories(dir);
        boolean ok = false;
        try {
            out.println("qdm demo: starting the stack…");
            out.flush();
            long t = System.nanoTime();
            String kafka = support.up();
            phases.put("stack_up", seconds(t));
            var config = support.stack().config();
            String circuit = config.address(StackService.named("circuit"));
            String eval = config.address(StackService.named("eval"));

            // 1. a 10x10 grid over gRPC: row d holds ten samples of digit d
            t = System.nanoTime();
            Labels.Builder gridLabels = Labels.newBuilder();
            for (int i = 0; i < 100; i++) {
                gridLabels.addValues(i / 10);
            }
            GenerateResponse grid;
            try (ServiceChannels ch = ServiceChannels.open(circuit)) {
                grid = GenerationServiceGrpc.newBlockingStub(ch.channel()).withDeadlineAfter(300, TimeUnit.SECONDS)
                        .generate(GenerateRequest.newBuilder()
                                .setMeta(RequestMeta.newBuilder().setRequestId("demo-grid-" + seed))
                                .setModel(ModelRef.newBuilder().setName(model))
                                .setCount(100).setLabels(gridLabels).setSeed(seed).build());
            }
            float[] gridPixels = GenerateCommand.floats(grid.getResult());
            ImageGrid.write(gridPixels, 100, 28, 28, 10, dir.resolve("grid.png"));
            String modelVersion = grid.getResult().getModel().getName() + ":" + grid.getResult().getModel().getVersion();
            phases.put("grid_grpc", seconds(t));
            out.printf(Locale.ROOT, "  grid: 100 samples of %s over gRPC → %s (%.1f s)%n", modelVersion,
                    dir.resolve("grid.png"), phases.get("grid_grpc"));
            out.flush();

            // 2. a batch job over Kafka, labels drawn uniformly with the job seed
            t = System.nanoTime();
            String jobId = "demo-" + UUID.randomUUID();
            GenerationJobClient jobs = new GenerationJobClient(kafka, config.topicPrefix());
            GenerationJobClient.SubmittedJob job = jobs.submit(jobId, JobsCommand.request(model,
                    grid.getResult().getModel().getVersion(), count, List.of(), seed, 0, "demo-job-" + seed));
            TreeMap<Integer, ImageBatch> batches = jobs.results(job, Duration.ofSeconds(600), n -> { });
            int total = batches.isEmpty() ? -1 : batches.firstEntry().getValue().getBatchesTotal();
            if (batches.size() != total) {
                throw new IllegalStateException("the Kafka job " + jobId + " delivered " + batches.size() + " of "
                        + total + " batches within 600 s; see `qdm logs`");
            }
            JobsCommand.Collected images = JobsCommand.collect(batches);
            phases.put("batch_kafka", seconds(t));
            out.printf(Locale.ROOT, "  batch job %s: %d images in %d batches over Kafka (%.1f s, %.0f images/s)%n",
                    jobId, images.count(), batches.size(), phases.get("batch_kafka"),
                    images.count() / phases.get("batch_kafka"));
            out.flush();

            // 3. eval-service scores the job's run (it accumulated the results from Kafka as they came)
            t = System.nanoTime();
            EvaluationReport report = RunEvaluation.await(eval, jobId, images.count(), Duration.ofSeconds(300));
            phases.put("evaluate", seconds(t));

            Map<String, Object> json = new LinkedHashMap<>();
            Map<String, Double> m = report.getMetricsMap();
            json.put("fid", m.get("fid"));
            json.put("fid_real_vs_real", m.get("fid_real_vs_real"));
            json.put("fid_ae_reconstruction", m.get("fid_ae_reconstruction"));
            json.put("conditioning_accuracy", m.get("conditioning_accuracy"));
            json.put("images", images.count() + 100);
            json.put("images_kafka", images.count());
            json.put("images_grpc_grid", 100);
            json.put("model", modelVersion);
            json.put("seed", seed);
            json.put("job_id", jobId);
            json.put("metrics", new TreeMap<>(m));
            json.put("extractor", report.getProvenance().getExtractor().getName() + ":"
                    + report.getProvenance().getExtractor().getVersion());
            json.put("extractor_sha256", report.getProvenance().getExtractorSha256());
            json.put("reference", report.getProvenance().getReference());
            json.put("reference_count", report.getProvenance().getReferenceCount());
            json.put("phase_seconds", phases);
            json.put("wall_seconds", seconds(t0));
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(dir.resolve("report.json").toFile(),
                    json);
            out.println();
            out.printf(Locale.ROOT, "QDM demo — %s, %d + 100 samples, seed %d%n", modelVersion, images.count(), seed);
            out.printf(Locale.ROOT, "  FID (%s features, vs %s)  %8.2f%n", json.get("extractor"),
                    report.getProvenance().getReference(), orNaN(m.get("fid")));
            out.printf(Locale.ROOT, "  FID real vs real (baseline)      %8.2f%n", orNaN(m.get("fid_real_vs_real")));
            out.printf(Locale.ROOT, "  FID autoencoder reconstructions  %8.2f%n", orNaN(m.get("fid_ae_reconstruction")));
            out.printf(Locale.ROOT, "  conditioning accuracy            %8.3f%n", orNaN(m.get("conditioning_accuracy")));
            out.printf(Locale.ROOT, "  wall time %.0f s; %s, %s%n", seconds(t0), dir.resolve("grid.png"),
                    dir.resolve("report.json"));
            ok = true;
            return 0;
        } finally {
            if (!keepRunning && !wasUp) {
                out.println(ok ? "qdm demo: stopping the stack" : "qdm demo: failed; stopping the stack (logs stay in "
                        + support.stack().config().stateDir().resolve("logs") + ")");
                out.flush();
                support.down(false);
            }
        }
    }

    private static double orNaN(Double d) {
        return d == null ? Double.NaN : d;
    }

    private static double seconds(long since) {
        return Math.round((System.nanoTime() - since) / 1e8) / 10.0;
    }
}
