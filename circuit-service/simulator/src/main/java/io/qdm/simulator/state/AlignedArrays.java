package io.qdm.simulator.state;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;

/**
 * State arrays whose element {@link #OFFSET} sits on a 64-byte boundary, so that the kernels' 512-bit (and 256-bit)
 * loads and stores never straddle two cache lines.
 *
 * <p>Why: a {@code double[]}'s data start 16 bytes after the object (HotSpot's array header), and ordinary objects
 * are only 8-byte aligned and move during GC. A 64-byte vector access at 16 mod 64 splits a cache line every time.
 * Measured on this machine kind (AVX-512 Xeon, one rotation gate per pass, best of 300 interleaved repetitions):
 * 38.2 → 50.2 GF/s in L1 (run 64), 44.2 → 58.7 (run 512), 27.3 → 34.0 at 8,192 elements, 21.9 → 25.7 at 65,536.
 *
 * <p>How: with G1 (HotSpot's default collector) an array of at least half a heap region is "humongous": it starts at
 * the start of a region (1–32 MiB aligned) and is not moved by evacuation. So the data start at region + base offset,
 * and element {@code (64 − base) / 8} is 64-byte aligned for the array's life. Arrays of at least
 * {@link #MIN_ALIGNED_ELEMENTS} doubles are allocated that large when that costs at most {@link #MAX_ALIGNED_BYTES};
 * smaller ones, other collectors, or larger regions get a plain array with the same offset (correct, just not
 * aligned). Every state array uses the offset, so every path is exercised by the tests whatever the collector.
 */
public final class AlignedArrays {
  private static final int CACHE_LINE_BYTES = 64;
  /**
   * Arrays below 32 KiB do not pay for a humongous allocation: they sit in L1 anyway, and some are made by the
   * hundred (compiling a model for sampling builds 8-lane batches of 2,048 elements per label and branch).
   */
  static final int MIN_ALIGNED_ELEMENTS = 4096;
  /** Upper bound on one aligned array (a heap with 8 MiB regions or less); larger regions would waste too much. */
  static final long MAX_ALIGNED_BYTES = 4L << 20;

  /** Index of the element that is 64-byte aligned in a region-aligned {@code double[]}. */
  public static final int OFFSET = alignedElement(sun.misc.Unsafe.ARRAY_DOUBLE_BASE_OFFSET);

  /** Smallest array length that G1 allocates humongous, or 0 when the collector is not G1 (no alignment possible). */
  private static final int HUMONGOUS_ELEMENTS = humongousElements();

  private AlignedArrays() {}

  /** A zeroed array holding {@code elements} doubles from index {@link #OFFSET}. */
  public static double[] allocate(int elements) {
    int plain = OFFSET + elements;
    // an aligned array that is not humongous on its own is padded to the humongous size
    return new double[aligned(elements) ? Math.max(plain, HUMONGOUS_ELEMENTS) : plain];
  }

  /** Whether arrays of {@code elements} doubles get the 64-byte alignment. */
  public static boolean aligned(int elements) {
    return HUMONGOUS_ELEMENTS > 0 && elements >= MIN_ALIGNED_ELEMENTS
        && (OFFSET + elements >= HUMONGOUS_ELEMENTS || 8L * HUMONGOUS_ELEMENTS <= MAX_ALIGNED_BYTES);
  }

  static int alignedElement(int baseOffsetBytes) {
    int pad = (CACHE_LINE_BYTES - baseOffsetBytes % CACHE_LINE_BYTES) % CACHE_LINE_BYTES;
    return pad % 8 == 0 ? pad / 8 : 0;
  }

  private static int humongousElements() {
    try {
      boolean g1 = false;
      for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
        g1 |= gc.getName().startsWith("G1 ");
      }
      if (!g1) {
        return 0;
      }
      HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
      long regionBytes = Long.parseLong(hotspot.getVMOption("G1HeapRegionSize").getValue());
      // G1 allocates an object humongous when it is at least half a region
      long halfRegionElements = (regionBytes / 2 + 7) / 8;
      return halfRegionElements > Integer.MAX_VALUE ? 0 : (int) halfRegionElements;
    } catch (RuntimeException | LinkageError e) {
      return 0; // not HotSpot, or management unavailable: plain arrays
    }
  }
}
