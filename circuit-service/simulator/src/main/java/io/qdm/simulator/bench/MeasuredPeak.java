package io.qdm.simulator.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One core's FP64 peak, measured on the machine the benchmark runs on: {@code bench/peak/fma_peak.c} (twelve
 * independent FMA chains per vector width) compiled with the system C compiler and run once. Java cannot measure
 * this itself on JDK 17: the incubating Vector API boxes vectors carried across loop iterations (0.4 GFLOP/s for the
 * same twelve chains). Without a C compiler, or off x86, the benchmark falls back to perf-notes §6's figure for
 * another CPU and says so.
 *
 * @param gflops the peak used for "% of peak" and the 50 % target: the best width's figure
 * @param widthBits the vector width it was reached with (0 when not measured)
 * @param byWidth every measured width's figure, e.g. "256: 42.1, 512: 75.4"
 * @param source how the figure was obtained
 */
public record MeasuredPeak(double gflops, int widthBits, String byWidth, String source) {
  /** perf-notes §6: the same microbenchmark on the Zen 4 EPYC vCPU the notes were written on (AVX-512 as 2×256). */
  public static final double NOTES_GFLOPS = 58.6;

  private static final long COMPILE_AND_RUN_SECONDS = 60;

  /** The notes' figure, with the reason it was not measured. */
  static MeasuredPeak fromNotes(String why) {
    return new MeasuredPeak(NOTES_GFLOPS, 0, "", "perf-notes §6 (Zen 4 EPYC, not this machine): not measured here, " + why);
  }

  /** Compiles and runs {@code probeSource} once; the notes' figure when that is not possible. */
  static MeasuredPeak measure(Path probeSource) {
    return Probe.compile(probeSource).measure();
  }

  /**
   * The probe compiled once, to be run at several points of a benchmark (the C compiler's start-up is not repeated),
   * or the reason it could not be compiled.
   */
  record Probe(Path executable, String description, String failure) {

    static Probe compile(Path probeSource) {
      if (probeSource == null) {
        return failed("no --peak-probe given");
      }
      if (!Files.isRegularFile(probeSource)) {
        return failed(probeSource + " not found");
      }
      try {
        Path dir = Files.createTempDirectory("qdm-fma-peak-");
        Path exe = dir.resolve("fma_peak");
        dir.toFile().deleteOnExit();
        exe.toFile().deleteOnExit();
        String compiler = System.getenv().getOrDefault("CC", "cc");
        Run compile = run(List.of(compiler, "-O2", "-o", exe.toString(), probeSource.toString()));
        if (compile.code != 0) {
          return failed(compiler + " failed (" + compile.code + "): " + compile.output.strip());
        }
        return new Probe(exe, compiler + " -O2 " + probeSource.getFileName() + ", 12 FMA chains, best of 3", null);
      } catch (IOException e) {
        return failed(e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return failed("interrupted");
      }
    }

    private static Probe failed(String why) {
      return new Probe(null, null, why);
    }

    /** Runs the compiled probe; the notes' figure, with the reason, when it was not compiled or failed. */
    MeasuredPeak measure() {
      return measure(0);
    }

    /**
     * The same with {@code iterations} FMA iterations per timed repetition (0: the probe's default, about 0.3 s per
     * repetition); a short probe can be run next to each kernel measurement.
     */
    MeasuredPeak measure(long iterations) {
      if (failure != null) {
        return fromNotes(failure);
      }
      try {
        List<String> command = iterations > 0 ? List.of(executable.toString(), Long.toString(iterations))
            : List.of(executable.toString());
        Run probe = run(command);
        if (probe.code != 0) {
          return fromNotes("fma_peak exited with " + probe.code);
        }
        return parse(probe.output, description);
      } catch (IOException e) {
        return fromNotes(e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return fromNotes("interrupted");
      }
    }
  }

  /** Parses the probe's {@code fma_peak <bits> <GFLOP/s>} lines; the fastest width is the peak. */
  static MeasuredPeak parse(String output, String source) {
    double best = 0;
    int bits = 0;
    List<String> parts = new ArrayList<>();
    for (String line : output.split("\n")) {
      String[] f = line.trim().split("\\s+");
      if (f.length == 3 && f[0].equals("fma_peak")) {
        int w = Integer.parseInt(f[1]);
        double g = Double.parseDouble(f[2]);
        parts.add(w + ": " + f[2]);
        if (g > best) {
          bits = w;
          best = g;
        }
      }
    }
    if (bits == 0) {
      return fromNotes("fma_peak printed no width (no AVX2/FMA?): " + output.strip());
    }
    return new MeasuredPeak(best, bits, String.join(", ", parts), "measured in this run: " + source);
  }

  private record Run(int code, String output) {}

  private static Run run(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    if (!p.waitFor(COMPILE_AND_RUN_SECONDS, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return new Run(-1, String.join(" ", command) + " took over " + COMPILE_AND_RUN_SECONDS + " s");
    }
    return new Run(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
  }
}
