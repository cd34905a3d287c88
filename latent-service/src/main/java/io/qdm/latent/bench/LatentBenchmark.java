package io.qdm.latent.bench;

import ai.djl.engine.Engine;
import io.qdm.latent.model.AutoencoderModel;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Encode and decode throughput of the shipped autoencoder through the public API (validation and conversion
 * included) at batch 1, 64 and 256; what {@code ./qdm bench latent} runs.
 *
 * <p>{@code LatentBenchmark [--quick] [--json FILE] [--model DIR]}. Each case warms up, then repeats the call for a
 * fixed wall budget (1 s quick, 4 s otherwise). Reported: images per wall second and per process CPU second (the
 * latter counts native libtorch threads and is the steadier figure on a shared machine).
 */
public final class LatentBenchmark {
    private static final int[] BATCHES = {1, 64, 256};

    /** One measured case. */
    public record Row(String op, int batch, long images, double seconds, double imagesPerSecond,
            double imagesPerCpuSecond) {
    }

    private LatentBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        boolean quick = false;
        Path json = null;
        Path modelDir = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--json" -> json = Path.of(args[++i]);
                case "--model" -> modelDir = Path.of(args[++i]);
                default -> {
                    System.err.println("error: unknown argument '" + args[i]
                            + "'\nusage: LatentBenchmark [--quick] [--json FILE] [--model DIR]");
                    System.exit(2);
                }
            }
        }
        double budget = quick ? 1.0 : 4.0;
        List<Row> rows = new ArrayList<>();
        String weightsSha;
        try (AutoencoderModel model = modelDir == null ? AutoencoderModel.loadShipped()
                : AutoencoderModel.load(modelDir)) {
            weightsSha = model.manifest().weights().sha256();
            SplittableRandom rng = new SplittableRandom(1);
            for (int b : BATCHES) {
                double[][] images = new double[b][784];
                for (double[] row : images) {
                    for (int k = 0; k < row.length; k++) {
                        row[k] = rng.nextDouble() < 0.8 ? 0 : rng.nextDouble();
                    }
                }
                double[][] latents = model.encode(images);
                rows.add(measure("encode", b, budget, () -> model.encode(images)));
                rows.add(measure("decode", b, budget, () -> model.decode(latents)));
            }
        }
        String threads = System.getProperty("ai.djl.pytorch.num_threads", "default");
        System.out.printf(Locale.ROOT, "latent benchmark: DJL %s, %s %s, intra-op threads %s, %d CPUs, %s%n",
                Engine.getDjlVersion(), Engine.getInstance().getEngineName(), Engine.getInstance().getVersion(),
                threads, Runtime.getRuntime().availableProcessors(), quick ? "quick" : "full");
        System.out.printf(Locale.ROOT, "%-7s %6s %10s %8s %12s %12s%n", "op", "batch", "images", "seconds",
                "img/s", "img/CPU-s");
        for (Row r : rows) {
            System.out.printf(Locale.ROOT, "%-7s %6d %10d %8.2f %12.0f %12.0f%n", r.op(), r.batch(), r.images(),
                    r.seconds(), r.imagesPerSecond(), r.imagesPerCpuSecond());
        }
        if (json != null) {
            StringBuilder sb = new StringBuilder();
            sb.append("{\n  \"djlVersion\": \"").append(Engine.getDjlVersion()).append("\",\n  \"engine\": \"")
                    .append(Engine.getInstance().getEngineName()).append(' ').append(Engine.getInstance().getVersion())
                    .append("\",\n  \"threads\": \"").append(threads).append("\",\n  \"cpus\": ")
                    .append(Runtime.getRuntime().availableProcessors()).append(",\n  \"quick\": ").append(quick)
                    .append(",\n  \"weightsSha256\": \"").append(weightsSha).append("\",\n  \"results\": [\n");
            for (int i = 0; i < rows.size(); i++) {
                Row r = rows.get(i);
                sb.append(String.format(Locale.ROOT, "    {\"op\": \"%s\", \"batch\": %d, \"images\": %d, "
                        + "\"seconds\": %.4f, \"imagesPerSecond\": %.1f, \"imagesPerCpuSecond\": %.1f}%s%n",
                        r.op(), r.batch(), r.images(), r.seconds(), r.imagesPerSecond(), r.imagesPerCpuSecond(),
                        i + 1 < rows.size() ? "," : ""));
            }
            sb.append("  ]\n}\n");
            Files.writeString(json, sb.toString(), StandardCharsets.UTF_8);
        }
    }

    private static Row measure(String op, int batch, double budgetSeconds, Runnable call) {
        long warm = System.nanoTime();
        while (System.nanoTime() - warm < budgetSeconds * 0.25e9) {
            call.run();
        }
        long images = 0;
        long cpu0 = cpuNanos();
        long t0 = System.nanoTime();
        long t;
        do {
            call.run();
            images += batch;
            t = System.nanoTime();
        } while (t - t0 < budgetSeconds * 1e9);
        double s = (t - t0) / 1e9;
        double cpu = (cpuNanos() - cpu0) / 1e9;
        return new Row(op, batch, images, s, images / s, cpu > 0 ? images / cpu : Double.NaN);
    }

    private static long cpuNanos() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : -1;
    }
}
