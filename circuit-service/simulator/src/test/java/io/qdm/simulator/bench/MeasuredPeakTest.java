package io.qdm.simulator.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The peak the kernel table is relative to: the probe's fastest width, or the notes' figure with the reason. */
class MeasuredPeakTest {

  @Test
  void theFastestWidthIsThePeak() {
    MeasuredPeak avx512 = MeasuredPeak.parse("fma_peak 256 42.81\nfma_peak 512 75.77\n", "probe");
    assertEquals(75.77, avx512.gflops());
    assertEquals(512, avx512.widthBits());
    assertEquals("256: 42.81, 512: 75.77", avx512.byWidth());
    // a CPU that runs 512-bit FMAs at half rate (one unit, or 2x256) peaks with 256-bit vectors
    MeasuredPeak halfRate = MeasuredPeak.parse("fma_peak 256 58.60\nfma_peak 512 57.90\n", "probe");
    assertEquals(58.60, halfRate.gflops());
    assertEquals(256, halfRate.widthBits());
  }

  @Test
  void withoutAMeasurementTheNotesFigureIsUsedAndSaysWhy() {
    MeasuredPeak none = MeasuredPeak.parse("illegal instruction\n", "probe");
    assertEquals(MeasuredPeak.NOTES_GFLOPS, none.gflops());
    assertEquals(0, none.widthBits());
    assertTrue(none.source().contains("illegal instruction"), none.source());
    MeasuredPeak missing = MeasuredPeak.measure(Path.of("no/such/fma_peak.c"));
    assertEquals(MeasuredPeak.NOTES_GFLOPS, missing.gflops());
    assertTrue(missing.source().contains("not found"), missing.source());
  }
}
