package io.qdm.cli;

import io.grpc.StatusRuntimeException;
import io.qdm.cli.bench.DjlJvmOptions;
import io.qdm.cli.bench.ModuleJvm;
import io.qdm.cli.client.GenerationJobClient;
import io.qdm.cli.client.RunEvaluation;
import io.qdm.cli.client.ServiceChannels;
import io.qdm.proto.eval.v1.EvaluationReport;
import io.qdm.cli.stack.LocalStack;
import io.qdm.cli.stack.StackService;
import io.qdm.cli.stack.StackSupport;
import io.qdm.proto.circuit.v1.AnsatzSpec;
import io.qdm.proto.circuit.v1.CircuitServiceGrpc;
import io.qdm.proto.circuit.v1.TrainProgress;
import io.qdm.proto.circuit.v1.TrainRequest;
import io.qdm.proto.circuit.v1.TrainingConfig;
import io.qdm.proto.common.v1.ModelRef;
import io.qdm.proto.common.v1.RequestMeta;
import io.qdm.proto.noise.v1.DatasetSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code qdm train qdm}: trains a QDM through the services. latent-service's encoder has produced the latent dataset
 * (exported once per autoencoder version), noise-service streams the training pairs, circuit-service trains on its
 * simulator and publishes the result as the next version in the model registry; this command shows the progress.
 */
@Command(name = "qdm", description = "Train a QDM through the services (latent-service latents → noise-service pairs"
        + " → circuit-service training → a new model version in the registry). Starts the local stack if needed.")
public final class TrainQdmCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", defaultValue = "conditioned-latent",
            description = "conditioned-latent (the paper's 1110-parameter circuit, 4 label qubits) or latent"
                    + " (unconditioned). Default: ${DEFAULT-VALUE}.")
    String kind;

    @Option(names = "--name", description = "Registry name to publish under (default: the model kind).")
    String name;

    @Option(names = "--epochs", defaultValue = "100", description = "Default ${DEFAULT-VALUE} (the authors').")
    int epochs;

    @Option(names = "--limit", defaultValue = "2048", description = "Latents drawn from MNIST (the authors' DATA_LENGTH;"
            + " default ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--batch-size", defaultValue = "64", description = "Default ${DEFAULT-VALUE}.")
    int batchSize;

    @Option(names = "--seed", defaultValue = "1", description = "Root seed of init, data subset, order and noise.")
    long seed;

    @Option(names = "--eval-samples", defaultValue = "2000", description = "After training, generate this many samples"
            + " with the new version over Kafka and have eval-service score them (0 skips it; default ${DEFAULT-VALUE}).")
    int evalSamples;

    @Option(names = "--circuit", description = "circuit-service address (default: $QDM_CIRCUIT_ADDRESS or the local"
            + " stack); with an address no local stack is started.")
    String circuitAddress;

    @Override
    public Integer call() throws Exception {
        if (!kind.equals("conditioned-latent") && !kind.equals("latent")) {
            throw new ParameterException(spec.commandLine(), "--model: expected conditioned-latent or latent, got '"
                    + kind + "'");
        }
        if (epochs < 1) {
            throw new ParameterException(spec.commandLine(), "--epochs: must be at least 1");
        }
        PrintWriter out = spec.commandLine().getOut();
        QdmEnvironment env = ((QdmCommand) spec.root().userObject()).environment();
        if (circuitAddress == null && !env.env().containsKey("QDM_CIRCUIT_ADDRESS")) {
            prepareLocalStack(env, out);
        }
        String address = ServiceChannels.address(circuitAddress, "circuit", StackService.named("circuit").port(8180),
                env.env());
        TrainRequest request = request();
        out.printf("training %s (%s) for %d epochs on %d MNIST latents, batch %d, seed %d at %s%n",
                request.getModelName(), kind, epochs, limit, batchSize, seed, address);
        out.flush();
        long t0 = System.nanoTime();
        try (ServiceChannels channels = ServiceChannels.open(address)) {
            Iterator<TrainProgress> progress = CircuitServiceGrpc.newBlockingStub(channels.channel()).train(request);
            TrainProgress last = null;
            while (progress.hasNext()) {
                last = progress.next();
                if (last.hasPublished()) {
                    break;
                }
                out.printf(Locale.ROOT, "\r  epoch %3d/%d  step %6d/%d  loss %.5f  lr %.2e  %,.0f samples/s  ETA %s   ",
                        last.getEpoch(), last.getEpochs(), last.getStep(), last.getStepsTotal(), last.getLoss(),
                        last.getLearningRate(), last.getSamplesPerSecond(), eta(last.getEtaSeconds()));
                out.flush();
            }
            out.println();
            if (last == null || !last.hasPublished()) {
                spec.commandLine().getErr().println("qdm train qdm: the training stream ended without a published model");
                return 1;
            }
            out.printf(Locale.ROOT, "published %s:%s (final loss %.5f, %d parameters) in %.0f s%n",
                    last.getPublished().getModel().getName(), last.getPublished().getModel().getVersion(),
                    last.getLoss(), last.getPublished().getParameterCount(), (System.nanoTime() - t0) / 1e9);
            if (evalSamples > 0) {
                score(env, out, last.getPublished().getModel().getName(), last.getPublished().getModel().getVersion());
            }
            return 0;
        } catch (StatusRuntimeException e) {
            spec.commandLine().getErr().println("qdm train qdm: " + e.getStatus().getCode() + ": "
                    + e.getStatus().getDescription());
            return 1;
        }
    }

    /** eval-service scores the new version: a Kafka job of {@code evalSamples} samples, then Evaluate. */
    private void score(QdmEnvironment env, PrintWriter out, String model, String version) throws Exception {
        String kafka = env.env().getOrDefault("KAFKA_BOOTSTRAP_SERVERS", JobsCommand.DEFAULT_KAFKA);
        String jobId = "train-eval-" + model + "-" + version + "-" + java.util.UUID.randomUUID();
        GenerationJobClient jobs = new GenerationJobClient(kafka, env.env().getOrDefault("QDM_TOPICS_PREFIX", ""));
        jobs.results(jobs.submit(jobId, JobsCommand.request(model, version, evalSamples, List.of(), seed, 0, jobId)),
                java.time.Duration.ofSeconds(900), n -> { });
        EvaluationReport report = RunEvaluation.await(ServiceChannels.address(null, "eval", 8185, env.env()), jobId,
                evalSamples, java.time.Duration.ofSeconds(600));
        var m = report.getMetricsMap();
        out.printf(Locale.ROOT, "eval-service on %d samples of %s:%s: FID %.2f (%s features; autoencoder floor %.2f),"
                        + " conditioning accuracy %.3f (run %s)%n", evalSamples, model, version,
                m.getOrDefault("fid", Double.NaN), report.getProvenance().getExtractor().getName(),
                m.getOrDefault("fid_ae_reconstruction", Double.NaN), m.getOrDefault("conditioning_accuracy", Double.NaN),
                jobId);
    }

    TrainRequest request() {
        AnsatzSpec.Builder ansatz = AnsatzSpec.newBuilder().setDataQubits(3)
                .setLabelQubits(kind.equals("conditioned-latent") ? 4 : 0)
                .addAllLayers(List.of(15, 20, 15));
        String modelName = name != null ? name : kind;
        return TrainRequest.newBuilder()
                .setMeta(RequestMeta.newBuilder().setRequestId("train-" + modelName + "-seed" + seed))
                .setModelName(modelName)
                .setAnsatz(ansatz)
                .setDataset(DatasetSpec.newBuilder().setName("latent").setSplit("merged").setLimit(limit)
                        .setSubsetSeed(seed)
                        .setAutoencoder(ModelRef.newBuilder().setName("mnist-autoencoder").setVersion("2")))
                .setConfig(TrainingConfig.newBuilder().setEpochs(epochs).setBatchSize(batchSize).setSeed(seed))
                .build();
    }

    /**
     * The latent dataset must exist before noise-service starts (it reads it at startup): export it once with the
     * shipped encoder, then start (or restart) the stack.
     */
    private void prepareLocalStack(QdmEnvironment env, PrintWriter out) throws Exception {
        StackSupport support = new StackSupport(env, line -> {
            out.println(line);
            out.flush();
        });
        LocalStack stack = support.stack();
        Path latents = stack.config().latentDatasetDir();
        boolean exported = false;
        if (!Files.isRegularFile(latents.resolve("latents.f64"))) {
            support.ensureBuilt();
            support.ensureData();
            out.println("qdm: encoding the 70,000 MNIST images with the shipped autoencoder (once) → " + latents);
            out.flush();
            ModuleJvm jvm = new ModuleJvm(env.requireHome(), line -> out.println(line));
            int code = jvm.run(jvm.command("latent-service", "io.qdm.latent.export.ExportLatentsMain",
                    DjlJvmOptions.forRepository(env.requireHome()), List.of("--out", latents.toString())));
            if (code != 0) {
                throw new IllegalStateException("exporting the latent dataset failed (exit " + code + ")");
            }
            exported = true;
        }
        StackService noise = StackService.named("noise");
        if (exported && stack.livePid(noise).isPresent()) {
            stack.stop(noise);
        }
        support.up();
    }

    private static String eta(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format("%dh%02dm", s / 3600, s / 60 % 60) : String.format("%dm%02ds", s / 60, s % 60);
    }
}
