package io.qdm.latent.model;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped decoder gives a row the same bits whatever batch it comes in and whatever thread calls (what makes
 * gRPC and Kafka generation, and redelivered batches, byte-identical): every batch size from 1 to 10, the sizes
 * around the split into {@link AutoencoderModel#DECODE_WORKERS} workers, a full chunk and more, from a freshly loaded
 * model whose first call is one of the small ones, and from another thread.
 */
class DecodeBatchDeterminismTest {

    @Test
    void everyRowDecodesToTheSameBitsInBatchesOfAnySize() throws Exception {
        int n = 300;
        SplittableRandom rng = new SplittableRandom(3);
        double[][] z = new double[n][8];
        for (double[] row : z) {
            for (int j = 0; j < 8; j++) {
                row[j] = rng.nextDouble();
            }
        }
        try (AutoencoderModel model = AutoencoderModel.loadShipped()) {
            // the padding the model chose for short chunks on this CPU; everything below checks that choice
            assertThat(AutoencoderModel.MIN_ROWS_CANDIDATES).contains(model.minRows());
            double[][] single = model.decode(new double[][] {z[9]}); // a fresh model's first call: 1 row
            double[][] all = model.decode(z); // a split chunk of 256 and a chunk of 44
            assertThat(single[0]).as("first call, 1 row").containsExactly(all[9]);
            for (int size = 1; size <= 10; size++) {
                for (int start = 0; start + size <= 40; start += size) {
                    assertRowsEqual(model.decode(Arrays.copyOfRange(z, start, start + size)), all, start);
                }
            }
            // Around the split: < 64 rows decode on the caller alone, ≥ 64 on DECODE_WORKERS threads.
            for (int size : new int[] {31, 32, 33, 63, 64, 65, 127, 128, 129, 255, 256}) {
                int start = n - size;
                assertRowsEqual(model.decode(Arrays.copyOfRange(z, start, n)), all, start);
            }
            // Every row alone (padded to the calibrated minRows, never split) equals the split full chunk.
            for (int i = 0; i < CHECK_ALONE; i++) {
                assertThat(model.decode(new double[][] {z[i * 7]})[0]).as("row %d alone", i * 7)
                        .containsExactly(all[i * 7]);
            }
            AtomicReference<double[][]> other = new AtomicReference<>();
            Thread t = new Thread(() -> other.set(model.decode(z)), "another-caller");
            t.start();
            t.join();
            assertRowsEqual(other.get(), all, 0);
        }
    }

    private static final int CHECK_ALONE = 40;

    private static void assertRowsEqual(double[][] part, double[][] all, int start) {
        for (int i = 0; i < part.length; i++) {
            assertThat(part[i]).as("row %d in a batch of %d", start + i, part.length).containsExactly(all[start + i]);
        }
    }
}
