package io.qdm.simulator.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

class AlignedArraysTest {

  @Test
  void theAlignedElementFollowsFromTheArrayHeader() {
    assertEquals(6, AlignedArrays.alignedElement(16), "HotSpot's usual 16-byte header: element 6 starts at byte 64");
    assertEquals(5, AlignedArrays.alignedElement(24), "24-byte header (no compressed class pointers)");
    assertEquals(0, AlignedArrays.alignedElement(64));
    assertEquals(AlignedArrays.alignedElement(sun.misc.Unsafe.ARRAY_DOUBLE_BASE_OFFSET), AlignedArrays.OFFSET);
  }

  @Test
  void arraysHoldTheStateFromTheOffsetAndLargeOnesAreHumongousUnderG1() {
    for (int elements : new int[] {1, 2048, 4096, 8192, 65536}) {
      double[] a = AlignedArrays.allocate(elements);
      assertTrue(a.length >= AlignedArrays.OFFSET + elements, "room for " + elements);
    }
    boolean g1 = ManagementFactory.getGarbageCollectorMXBeans().stream().anyMatch(gc -> gc.getName().startsWith("G1 "));
    // the test JVM runs G1 with regions of at most 8 MiB (default heap on this machine kind)
    assertEquals(g1, AlignedArrays.aligned(8192), "8,192 elements (training tiles) are aligned exactly when G1 runs");
    assertTrue(!AlignedArrays.aligned(2048), "small arrays stay plain");
  }

  @Test
  void stateBatchesKeepTheirAmplitudesFromTheAlignedOffset() {
    StateBatch s = new StateBatch(3, 2, 4);
    assertEquals(AlignedArrays.OFFSET, s.offset());
    s.setLane(1, ComplexVector.basis(8, 5));
    assertEquals(1.0, s.re()[s.offset() + 5 * 2 + 1], 0.0, "amplitude 5 of lane 1 at offset + a·W + b");
    assertEquals(1.0, s.lane(1).re(5), 0.0);
  }
}
