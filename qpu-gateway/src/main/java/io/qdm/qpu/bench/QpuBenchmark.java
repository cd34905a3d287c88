package io.qdm.qpu.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.qdm.qpu.circuit.DenoiserCircuits;
import io.qdm.qpu.circuit.DenoiserProgram;
import io.qdm.qpu.circuit.ProgramReadout;
import io.qdm.qpu.emulator.IsaEmulator;
import io.qdm.qpu.emulator.NoiseParameters;
import io.qdm.qpu.provider.CircuitResult;
import io.qdm.qpu.provider.EmulatorProvider;
import io.qdm.qpu.provider.ExecutionBatch;
import io.qdm.qpu.service.AncillaUniforms;
import io.qdm.qpu.transpile.BackendTarget;
import io.qdm.qpu.transpile.IsaCircuit;
import io.qdm.qpu.transpile.Transpiler;
import io.qdm.simulator.model.Denoiser;
import io.qdm.simulator.model.DenoiserSpec;
import io.qdm.simulator.state.ComplexVector;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * {@code ./qdm bench qpu}: the emulators on the paper's conditioned latent denoiser shape (3 data + 4 label qubits,
 * SEL blocks 15/20/15, reverse bottleneck; 8 qubits per step, seeded random parameters, since no trained model is
 * required): shots/s of the shots and noisy providers, and the fidelity of the estimated moduli to the exact chain
 * ((Σ_j m̂_j·|ψ_j|)², mean over rows) against the shot count and the noise level. Table on stdout, JSON and a PNG.
 *
 * <p>Arguments: {@code [--quick] [--json FILE] [--png FILE]}.
 */
public final class QpuBenchmark {

    private QpuBenchmark() {
    }

    record Case(String provider, int rows, int steps, long shots, double p2, double fidelity, double successRate,
                double seconds) {
    }

    public static void main(String[] args) throws Exception {
        boolean quick = false;
        Path json = null;
        Path png = Path.of("bench/qpu/qpu-fidelity.png");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--json" -> json = Path.of(args[++i]);
                case "--png" -> png = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        DenoiserSpec spec = DenoiserSpec.conditionedLatent();
        SplittableRandom rng = new SplittableRandom(42);
        double[] params = new double[spec.parameterCount()];
        for (int i = 0; i < params.length; i++) {
            params[i] = rng.nextDouble() * 2 * Math.PI;
        }
        int rows = quick ? 2 : 4;
        List<ComplexVector> inputs = new ArrayList<>();
        int[] labels = new int[rows];
        for (int r = 0; r < rows; r++) {
            double[] re = new double[8];
            double[] im = new double[8];
            for (int j = 0; j < 8; j++) {
                re[j] = rng.nextGaussian();
                im[j] = rng.nextGaussian();
            }
            inputs.add(normalise(re, im));
            labels[r] = r % 10;
        }
        long seed = 7;
        int t = 8;
        BackendTarget target = BackendTarget.allToAll("bench", 20);
        List<IsaCircuit> circuits = new ArrayList<>();
        List<DenoiserProgram> programs = new ArrayList<>();
        long tt = System.nanoTime();
        for (int r = 0; r < rows; r++) {
            ComplexVector x = inputs.get(r);
            DenoiserProgram p = DenoiserCircuits.build(spec, params, x.re(), x.im(), labels[r], new int[] {t - 1});
            programs.add(p);
            circuits.add(Transpiler.transpile(p.program(), target));
        }
        double transpileSeconds = (System.nanoTime() - tt) / 1e9 / rows;
        List<ComplexVector> exact = exactStep(spec, params, inputs, labels, t - 1, seed);
        ObjectNode out = new ObjectMapper().createObjectNode();
        out.put("benchmark", "qpu");
        out.put("model", "conditioned-latent shape (3 data + 4 label qubits, SEL 15/20/15), random parameters seed 42");
        out.put("rows", rows);
        out.put("quick", quick);
        out.put("cores", Runtime.getRuntime().availableProcessors());
        out.put("load_average", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        out.put("java", System.getProperty("java.version"));
        out.put("isa_gates_per_circuit", circuits.get(0).ops().size());
        out.put("isa_gate_counts", circuits.get(0).gateCounts().toString());
        out.put("transpile_seconds_per_circuit", transpileSeconds);

        List<Case> cases = new ArrayList<>();
        long[] shotCounts = quick ? new long[] {100, 1000, 10_000, 100_000} : new long[] {100, 1000, 10_000, 100_000, 1_000_000};
        for (long shots : shotCounts) {
            cases.add(run("shots", spec, programs, circuits, exact, labels, t, shots, null, seed));
        }
        double[] levels = quick ? new double[] {0, 0.005, 0.02} : new double[] {0, 0.001, 0.005, 0.01, 0.02, 0.05};
        for (double p2 : levels) {
            NoiseParameters noise = new NoiseParameters(p2 / 10, p2, p2);
            cases.add(run("noisy", spec, programs, circuits, exact, labels, t, 100_000, noise, seed));
        }
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT,
                "qpu bench: %d rows, %d ISA gates/circuit %s, transpile %.3f s/circuit%n", rows,
                circuits.get(0).ops().size(), circuits.get(0).gateCounts(), transpileSeconds));
        table.append(String.format(Locale.ROOT, "%-8s %10s %8s %10s %10s %12s %10s%n", "provider", "shots", "p2q",
                "fidelity", "success", "shots/s", "seconds"));
        ArrayNode list = out.putArray("cases");
        for (Case c : cases) {
            double rate = c.shots * c.rows / c.seconds;
            table.append(String.format(Locale.ROOT, "%-8s %10d %8.4f %10.6f %10.4f %12.0f %10.3f%n", c.provider,
                    c.shots, c.p2, c.fidelity, c.successRate, rate, c.seconds));
            ObjectNode n = list.addObject();
            n.put("provider", c.provider);
            n.put("shots", c.shots);
            n.put("depolarizing_2q", c.p2);
            n.put("depolarizing_1q", c.p2 / 10);
            n.put("readout_error", c.p2);
            n.put("fidelity_to_exact", c.fidelity);
            n.put("postselection_success_rate", c.successRate);
            n.put("seconds", c.seconds);
            n.put("shots_per_second", rate);
        }
        System.out.print(table);
        if (json != null) {
            Files.createDirectories(json.toAbsolutePath().getParent());
            Files.write(json, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(out));
            System.out.println("wrote " + json.toAbsolutePath());
        }
        if (png != null) {
            plot(cases, png);
            System.out.println("wrote " + png.toAbsolutePath());
        }
    }

    private static ComplexVector normalise(double[] re, double[] im) {
        double n = 0;
        for (int j = 0; j < re.length; j++) {
            n += re[j] * re[j] + im[j] * im[j];
        }
        n = Math.sqrt(n);
        for (int j = 0; j < re.length; j++) {
            re[j] /= n;
            im[j] /= n;
        }
        return new ComplexVector(re, im);
    }

    private static List<ComplexVector> exactStep(DenoiserSpec spec, double[] params, List<ComplexVector> inputs,
                                                 int[] labels, int index, long seed) {
        int rows = inputs.size();
        int[] ts = new int[rows];
        double[] u = new double[rows];
        for (int i = 0; i < rows; i++) {
            ts[i] = index;
            u[i] = AncillaUniforms.uniform(seed, i, index);
        }
        try (Denoiser d = new Denoiser(spec)) {
            return d.forward(params, inputs, labels, ts, u).outputs();
        }
    }

    /** One step on every row: emulate + sample (timed), read out, fidelity of the moduli to the exact output. */
    private static Case run(String provider, DenoiserSpec spec, List<DenoiserProgram> programs, List<IsaCircuit> circuits,
                            List<ComplexVector> exact, int[] labels, int t, long shots, NoiseParameters noise, long seed) {
        EmulatorProvider.Kind kind = noise == null ? EmulatorProvider.Kind.SHOTS : EmulatorProvider.Kind.NOISY;
        EmulatorProvider emulator = new EmulatorProvider(kind, 20, Runnable::run);
        long start = System.nanoTime();
        List<CircuitResult> results = emulator.run(new ExecutionBatch("bench", 0, circuits, (int) shots, seed,
                noise == null ? NoiseParameters.NONE : noise, t - 1, 0));
        double seconds = (System.nanoTime() - start) / 1e9;
        double fid = 0;
        double kept = 0;
        double total = 0;
        for (int r = 0; r < programs.size(); r++) {
            double[] u = {AncillaUniforms.uniform(seed, r, t - 1)};
            ProgramReadout.Estimate e = ProgramReadout.fromSamples(results.get(r).samples(), programs.get(r), labels[r],
                    spec.ancillaMode(), u);
            kept += e.kept();
            total += e.total();
            double overlap = 0;
            for (int j = 0; j < e.moduli().length; j++) {
                overlap += e.moduli()[j] * Math.hypot(exact.get(r).re(j), exact.get(r).im(j));
            }
            fid += overlap * overlap;
        }
        return new Case(provider, programs.size(), 1, shots, noise == null ? 0 : noise.depolarizing2q(),
                fid / programs.size(), kept / total, seconds);
    }

    /** Two panels: fidelity vs shots (shots provider, log x) and vs 2-qubit error rate (noisy, 100k shots). */
    static void plot(List<Case> cases, Path png) throws IOException {
        int w = 1000;
        int h = 420;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        List<double[]> shots = new ArrayList<>();
        List<double[]> noise = new ArrayList<>();
        for (Case c : cases) {
            if (c.provider.equals("shots")) {
                shots.add(new double[] {Math.log10(c.shots), c.fidelity});
            } else {
                noise.add(new double[] {c.p2, c.fidelity});
            }
        }
        panel(g, 60, 40, 400, 300, shots, "fidelity vs shots (shots provider)", "log10(shots)", new Color(30, 90, 200));
        panel(g, 560, 40, 400, 300, noise, "fidelity vs 2q error (noisy, 1e5 shots)", "depolarizing_2q (1q = /10, readout = 2q)",
                new Color(200, 60, 30));
        g.dispose();
        Files.createDirectories(png.toAbsolutePath().getParent());
        ImageIO.write(img, "png", png.toFile());
    }

    private static void panel(Graphics2D g, int x0, int y0, int pw, int ph, List<double[]> pts, String title,
                              String xLabel, Color color) {
        g.setStroke(new BasicStroke(1f));
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString(title, x0, y0 - 12);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawRect(x0, y0, pw, ph);
        double minX = pts.stream().mapToDouble(p -> p[0]).min().orElse(0);
        double maxX = pts.stream().mapToDouble(p -> p[0]).max().orElse(1);
        if (maxX == minX) {
            maxX = minX + 1;
        }
        double minY = Math.min(0.9, pts.stream().mapToDouble(p -> p[1]).min().orElse(0.9));
        minY = Math.floor(minY * 20) / 20;
        double maxY = 1.0;
        for (int k = 0; k <= 4; k++) {
            double yv = minY + (maxY - minY) * k / 4;
            int y = y0 + ph - (int) ((yv - minY) / (maxY - minY) * ph);
            g.setColor(new Color(225, 225, 225));
            g.drawLine(x0 + 1, y, x0 + pw - 1, y);
            g.setColor(Color.BLACK);
            g.drawString(String.format(Locale.ROOT, "%.3f", yv), x0 - 45, y + 4);
            double xv = minX + (maxX - minX) * k / 4;
            int x = x0 + (int) ((xv - minX) / (maxX - minX) * pw);
            g.drawString(String.format(Locale.ROOT, "%.3g", xv), x - 12, y0 + ph + 16);
        }
        g.drawString(xLabel, x0 + pw / 2 - 80, y0 + ph + 34);
        g.drawString("fidelity", x0 - 50, y0 - 2);
        g.setColor(color);
        g.setStroke(new BasicStroke(2f));
        int px = -1;
        int py = -1;
        for (double[] p : pts) {
            int x = x0 + (int) ((p[0] - minX) / (maxX - minX) * pw);
            int y = y0 + ph - (int) ((p[1] - minY) / (maxY - minY) * ph);
            g.fillOval(x - 4, y - 4, 8, 8);
            if (px >= 0) {
                g.drawLine(px, py, x, y);
            }
            px = x;
            py = y;
        }
    }
}
