package io.qdm.cli;

import io.grpc.StatusRuntimeException;
import io.qdm.cli.client.ImageGrid;
import io.qdm.cli.client.ServiceChannels;
import io.qdm.proto.common.v1.ModelRef;
import io.qdm.proto.common.v1.RequestMeta;
import io.qdm.proto.generation.v1.GenerateEvent;
import io.qdm.proto.generation.v1.GenerateRequest;
import io.qdm.proto.generation.v1.GenerationResult;
import io.qdm.proto.generation.v1.GenerationServiceGrpc;
import io.qdm.proto.generation.v1.Labels;
import io.qdm.wire.Tensors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/** {@code qdm generate}: samples over gRPC (GenerationService.GenerateStream), written as a PNG grid. */
@Command(name = "generate", description = "Generate samples over gRPC and write them as a PNG grid, e.g."
        + " qdm generate --label 7 --n 16 --seed 1 --out samples.png")
public final class GenerateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--label", split = ",", description = "Label(s): one for every sample, or one per sample (comma-"
            + "separated). Omit for an unconditioned model, or for a uniform class distribution on a conditioned one.")
    List<Integer> labels = List.of();

    @Option(names = "--n", defaultValue = "16", description = "Number of samples (default ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--seed", defaultValue = "1", description = "Seed: same request + seed + model version = same bytes.")
    long seed;

    @Option(names = "--model", defaultValue = "conditioned-latent", description = "Registry name (default ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--version", defaultValue = "", description = "Model version (default: latest).")
    String version;

    @Option(names = "--out", defaultValue = "samples.png", description = "PNG file (default ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--columns", defaultValue = "8", description = "Images per row of the grid (default ${DEFAULT-VALUE}).")
    int columns;

    @Option(names = "--circuit", description = "circuit-service address (default: $QDM_CIRCUIT_ADDRESS or localhost:8181).")
    String circuitAddress;

    @Option(names = "--timeout", defaultValue = "300", description = "Deadline in seconds (default ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @picocli.CommandLine.Mixin
    QpuBackendOptions backend = new QpuBackendOptions();

    @Override
    public Integer call() throws Exception {
        if (count < 1) {
            throw new ParameterException(spec.commandLine(), "--n: must be at least 1");
        }
        QdmEnvironment env = ((QdmCommand) spec.root().userObject()).environment();
        String address = ServiceChannels.address(circuitAddress, "circuit", 8181, env.env());
        PrintWriter outWriter = spec.commandLine().getOut();
        GenerateRequest.Builder request = GenerateRequest.newBuilder()
                .setMeta(RequestMeta.newBuilder().setRequestId("cli-" + UUID.randomUUID()))
                .setModel(ModelRef.newBuilder().setName(model).setVersion(version))
                .setCount(count)
                .setSeed(seed);
        if (!labels.isEmpty()) {
            request.setLabels(Labels.newBuilder().addAllValues(labels));
        }
        backend.applyTo(request);
        long t0 = System.nanoTime();
        try (ServiceChannels channels = ServiceChannels.open(address)) {
            Iterator<GenerateEvent> events = GenerationServiceGrpc.newBlockingStub(channels.channel())
                    .withDeadlineAfter(timeoutSeconds, TimeUnit.SECONDS).generateStream(request.build());
            GenerationResult result = null;
            while (events.hasNext()) {
                GenerateEvent e = events.next();
                if (e.hasProgress()) {
                    outWriter.printf(Locale.ROOT, "\r  step %d/%d (%.1f s)", e.getProgress().getStep(),
                            e.getProgress().getTotalSteps(), e.getProgress().getElapsedSeconds());
                    outWriter.flush();
                } else if (e.hasResult()) {
                    result = e.getResult();
                }
            }
            outWriter.println();
            if (result == null) {
                spec.commandLine().getErr().println("qdm generate: the stream ended without a result");
                return 1;
            }
            float[] pixels = floats(result);
            int h = (int) result.getImages().getShape(1);
            int w = (int) result.getImages().getShape(2);
            ImageGrid.write(pixels, count, h, w, columns, out);
            outWriter.printf(Locale.ROOT, "%d samples of %s:%s (seed %d) → %s in %.1f s%n", count,
                    result.getModel().getName(), result.getModel().getVersion(), seed, out.toAbsolutePath(),
                    (System.nanoTime() - t0) / 1e9);
            return 0;
        } catch (StatusRuntimeException e) {
            spec.commandLine().getErr().println("qdm generate: " + e.getStatus().getCode() + ": "
                    + e.getStatus().getDescription() + (e.getStatus().getCode() == io.grpc.Status.Code.UNAVAILABLE
                    ? " (is the stack up? `qdm up`, or give --circuit HOST:PORT)" : ""));
            return 1;
        }
    }

    static float[] floats(GenerationResult result) {
        return Tensors.decodeFloat32(result.getImages(), "images");
    }
}
