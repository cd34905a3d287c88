/*
 * One core's FP64 peak, measured: 12 independent chains of vector fused multiply-adds (enough to cover the FMA
 * latency on two FMA pipes), timed for about 0.3 s per width, best of three. `qdm bench sim` compiles and runs this
 * so the kernel table's "% of peak" is relative to the machine it ran on (perf-notes §6 measured the same way on
 * another CPU: 58.6 GFLOP/s, and an AVX-512 Xeon measures ~75). Prints one line per width the CPU supports:
 *   fma_peak <width-bits> <GFLOP/s>
 * Build: cc -O2 -o fma_peak fma_peak.c (the widths are chosen at run time with __builtin_cpu_supports).
 * Run: fma_peak [iterations per repetition, default 30000000].
 */
#include <immintrin.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}

static volatile double sink;

/*
 * One function per width: twelve named accumulators (not an array: at -O2 an array of vectors may stay in memory),
 * each updated by one FMA per iteration. VEC is the vector type, P the intrinsics prefix, LANES its doubles.
 */
#define PEAK_FUNCTION(NAME, TARGET, VEC, P, LANES)                                                       \
  __attribute__((target(TARGET))) static double NAME(long iters) {                                        \
    VEC m = P##_set1_pd(1.0000001), b = P##_set1_pd(1e-9);                                               \
    VEC a0 = P##_set1_pd(0), a1 = P##_set1_pd(1), a2 = P##_set1_pd(2), a3 = P##_set1_pd(3);                 \
    VEC a4 = P##_set1_pd(4), a5 = P##_set1_pd(5), a6 = P##_set1_pd(6), a7 = P##_set1_pd(7);                 \
    VEC a8 = P##_set1_pd(8), a9 = P##_set1_pd(9), a10 = P##_set1_pd(10), a11 = P##_set1_pd(11);             \
    double t = now();                                                                                     \
    for (long k = 0; k < iters; k++) {                                                                    \
      a0 = P##_fmadd_pd(a0, m, b); a1 = P##_fmadd_pd(a1, m, b); a2 = P##_fmadd_pd(a2, m, b);                \
      a3 = P##_fmadd_pd(a3, m, b); a4 = P##_fmadd_pd(a4, m, b); a5 = P##_fmadd_pd(a5, m, b);                \
      a6 = P##_fmadd_pd(a6, m, b); a7 = P##_fmadd_pd(a7, m, b); a8 = P##_fmadd_pd(a8, m, b);                \
      a9 = P##_fmadd_pd(a9, m, b); a10 = P##_fmadd_pd(a10, m, b); a11 = P##_fmadd_pd(a11, m, b);            \
    }                                                                                                     \
    t = now() - t;                                                                                        \
    VEC s = P##_add_pd(P##_add_pd(P##_add_pd(a0, a1), P##_add_pd(a2, a3)),                                \
                       P##_add_pd(P##_add_pd(a4, a5), P##_add_pd(a6, a7)));                               \
    s = P##_add_pd(s, P##_add_pd(P##_add_pd(a8, a9), P##_add_pd(a10, a11)));                              \
    double o[LANES];                                                                                      \
    P##_storeu_pd(o, s);                                                                                  \
    sink = o[0]; /* keeps the chains alive */                                                             \
    return iters * 12.0 * LANES * 2 / t / 1e9;                                                            \
  }

PEAK_FUNCTION(peak256, "avx2,fma", __m256d, _mm256, 4)
PEAK_FUNCTION(peak512, "avx512f", __m512d, _mm512, 8)

static long iterations = 30000000;

static double best(double (*f)(long)) {
  f(1000000); /* warm-up: wakes the vector units and the clock up */
  double b = 0;
  for (int r = 0; r < 3; r++) {
    double g = f(iterations);
    if (g > b) b = g;
  }
  return b;
}

int main(int argc, char **argv) {
  /* optional: FMA iterations per timed repetition (default 30 M, about 0.3 s at 512 bits); the benchmark passes a
     smaller count for the quick probes it runs next to each kernel measurement */
  if (argc > 1) iterations = atol(argv[1]);
  if (iterations < 1000000) iterations = 1000000;
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) printf("fma_peak 256 %.2f\n", best(peak256));
  if (__builtin_cpu_supports("avx512f")) printf("fma_peak 512 %.2f\n", best(peak512));
  return 0;
}
