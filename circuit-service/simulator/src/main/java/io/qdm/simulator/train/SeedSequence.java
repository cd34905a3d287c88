package io.qdm.simulator.train;

import java.util.SplittableRandom;

/**
 * Derives independent, reproducible random streams from one seed and a path of integers (epoch, batch, timestep,
 * purpose), so any point of training can be reproduced without replaying the streams before it (resume).
 */
public final class SeedSequence {
  private SeedSequence() {}

  /** A generator determined by {@code seed} and {@code path}. */
  public static SplittableRandom stream(long seed, long... path) {
    long h = mix(seed ^ 0x9E3779B97F4A7C15L);
    for (long p : path) {
      h = mix(h ^ mix(p + 0x632BE59BD9B4E019L));
    }
    return new SplittableRandom(h);
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
