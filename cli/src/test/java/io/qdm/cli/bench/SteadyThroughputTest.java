package io.qdm.cli.bench;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SteadyThroughputTest {

    @Test
    void aRisingWarmUpIsNotSteadyUntilItsLastThreeRoundsAgreeWithinFivePercent() {
        // the 16-client rounds measured on the local stack (calls/s), JIT still compiling, then settled
        assertThat(SteadyThroughput.settled(List.of(148.0, 195.0, 239.0))).isFalse();
        assertThat(SteadyThroughput.settled(List.of(148.0, 195.0, 239.0, 320.0, 311.0, 346.0))).isFalse();
        assertThat(SteadyThroughput.settled(List.of(239.0, 320.0, 311.0, 346.0, 378.0, 403.0, 382.0))).isTrue();
    }

    @Test
    void theToleranceIsRelativeToTheWindowsMean() {
        // mean 100: 95 and 105 are exactly 5 % away (allowed), 94.9 is not
        assertThat(SteadyThroughput.settled(List.of(95.0, 100.0, 105.0))).isTrue();
        assertThat(SteadyThroughput.settled(List.of(94.8, 100.0, 105.2))).isFalse();
    }

    @Test
    void fewerThanThreeRoundsOrNoThroughputAreNeverSteady() {
        assertThat(SteadyThroughput.settled(List.of())).isFalse();
        assertThat(SteadyThroughput.settled(List.of(100.0, 100.0))).isFalse();
        assertThat(SteadyThroughput.settled(List.of(0.0, 0.0, 0.0))).isFalse();
    }
}
