package io.qdm.noise.service;

import io.qdm.noise.TestData;
import io.qdm.noise.noise.ForwardProcess;
import io.qdm.noise.pairs.PairKind;
import io.qdm.noise.pairs.TrainingPairMaker;
import io.qdm.noise.pairs.TrainingPairStream;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PairRequestLimitsTest {

    /** 40 latents, batches of 8: 5 per epoch x 8 timesteps = 40 batches per epoch. */
    private static TrainingPairRuns.OpenRun run(int epochs, long first) {
        TrainingPairStream s = new TrainingPairStream(TestData.latents(40),
                new TrainingPairMaker(ForwardProcess.authorsLatent(), PairKind.ONE_STEP), 1, 1, 8, epochs, new int[0]);
        return new TrainingPairRuns.OpenRun(s, first, 8);
    }

    @Test
    void theBatchCountLimitCountsOnlyTheBatchesAfterTheStartIndex() {
        PairRequestLimits limits = new PairRequestLimits(40, Long.MAX_VALUE, Long.MAX_VALUE);
        assertThatCode(() -> limits.check(run(1, 0), 8)).doesNotThrowAnyException();
        assertThatCode(() -> limits.check(run(2, 40), 8)).doesNotThrowAnyException();
        assertThatThrownBy(() -> limits.check(run(2, 39), 8))
                .hasMessage("epochs: the request would produce 41 batches (from start_batch_index 39 to 80), above the "
                        + "limit of 40 per Kafka request (qdm.noise.limits.kafka-max-batches-per-request); request fewer "
                        + "epochs, timesteps or a smaller dataset.limit, or stream over gRPC");
    }

    @Test
    void recordSizeAndTotalAmplitudesAreBounded() {
        // One record: 32 bytes per pair and amplitude (inputs + targets), 12 per pair (label + index), 1024 overhead.
        long bytes = 32L * 8 * 8 + 12L * 8 + PairRequestLimits.RECORD_OVERHEAD;
        assertThatCode(() -> new PairRequestLimits(100, Long.MAX_VALUE, bytes).check(run(1, 0), 8))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> new PairRequestLimits(100, Long.MAX_VALUE, bytes - 1).check(run(1, 0), 8))
                .hasMessageStartingWith("batch_size: a batch of 8 pairs of dimension 8 is a record of about " + bytes
                        + " bytes, above the Kafka record limit of " + (bytes - 1));
        assertThatThrownBy(() -> new PairRequestLimits(100, 40 * 8 * 8 - 1, Long.MAX_VALUE).check(run(1, 0), 8))
                .hasMessageStartingWith("batch_size: the request would produce 2560 amplitudes (40 batches of 8 x 8)");
    }
}
