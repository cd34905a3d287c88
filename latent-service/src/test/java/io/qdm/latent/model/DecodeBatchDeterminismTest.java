package io.qdm.latent.model;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped decoder gives a row the same bits whatever batch it comes in (what makes gRPC and Kafka generation,
 * and redelivered batches, byte-identical): every batch size from 1 to 10 and a full chunk, from a freshly loaded
 * model whose first call is one of the small ones.
 */
class DecodeBatchDeterminismTest {

    @Test
    void everyRowDecodesToTheSameBitsInBatchesOfAnySize() throws Exception {
        int n = 40;
        SplittableRandom rng = new SplittableRandom(3);
        double[][] z = new double[n][8];
        for (double[] row : z) {
            for (int j = 0; j < 8; j++) {
                row[j] = rng.nextDouble();
            }
        }
        try (AutoencoderModel model = AutoencoderModel.loadShipped()) {
            double[][] single = model.decode(new double[][] {z[9]}); // a fresh model's first call: 1 row
            double[][] all = model.decode(z);
            assertThat(single[0]).as("first call, 1 row").containsExactly(all[9]);
            for (int size = 1; size <= 10; size++) {
                for (int start = 0; start + size <= n; start += size) {
                    double[][] part = model.decode(Arrays.copyOfRange(z, start, start + size));
                    for (int i = 0; i < size; i++) {
                        assertThat(part[i]).as("row %d in a batch of %d", start + i, size).containsExactly(all[start + i]);
                    }
                }
            }
        }
    }
}
