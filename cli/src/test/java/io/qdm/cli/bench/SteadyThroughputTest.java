package io.qdm.cli.bench;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SteadyThroughputTest {

    @Test
    void aRisingWarmUpIsNotSteadyWhileItsLastThreeRoundsDisagree() {
        // the 16-client rounds measured on the local stack (calls/s), JIT still compiling
        assertThat(SteadyThroughput.settled(List.of(148.0, 195.0, 239.0))).isFalse();
        assertThat(SteadyThroughput.settled(List.of(148.0, 195.0, 239.0, 320.0, 311.0, 346.0))).isFalse();
    }

    @Test
    void aPlateauThatRoseOverThePreviousWindowIsNotSteady() {
        // 378 / 403 / 382 agree within 5 %, but their mean (387.7) is 19 % above 320 / 311 / 346 (325.7): the same
        // stack reached 1,000-1,100 calls/s a minute later
        assertThat(SteadyThroughput.settled(List.of(239.0, 320.0, 311.0, 346.0, 378.0, 403.0, 382.0))).isFalse();
        // one more flat window after it is steady: mean 390 is 0.6 % above 387.7
        assertThat(SteadyThroughput.settled(List.of(346.0, 378.0, 403.0, 382.0, 380.0, 400.0, 390.0))).isTrue();
    }

    @Test
    void theRiseIsMeasuredAgainstThePreviousWindowsMeanWithTheSameTolerance() {
        // previous mean 100: a window of mean 105 is exactly 5 % above (allowed), 105.3 is not
        assertThat(SteadyThroughput.settled(List.of(100.0, 100.0, 100.0, 105.0, 105.0, 105.0))).isTrue();
        assertThat(SteadyThroughput.settled(List.of(100.0, 100.0, 100.0, 105.3, 105.3, 105.3))).isFalse();
        // falling throughput (a neighbour took a core) is not a rise: steady once the window agrees
        assertThat(SteadyThroughput.settled(List.of(120.0, 120.0, 120.0, 100.0, 100.0, 100.0))).isTrue();
    }

    @Test
    void theToleranceIsRelativeToTheWindowsMean() {
        // mean 100: 95 and 105 are exactly 5 % away (allowed), 94.8 is not
        assertThat(SteadyThroughput.settled(List.of(100.0, 100.0, 100.0, 95.0, 100.0, 105.0))).isTrue();
        assertThat(SteadyThroughput.settled(List.of(100.0, 100.0, 100.0, 94.8, 100.0, 105.2))).isFalse();
    }

    @Test
    void fewerThanTwoWindowsOrNoThroughputAreNeverSteady() {
        assertThat(SteadyThroughput.settled(List.of())).isFalse();
        assertThat(SteadyThroughput.settled(List.of(100.0, 100.0, 100.0))).isFalse();
        assertThat(SteadyThroughput.settled(List.of(100.0, 100.0, 100.0, 100.0, 100.0))).isFalse();
        assertThat(SteadyThroughput.settled(List.of(0.0, 0.0, 0.0, 0.0, 0.0, 0.0))).isFalse();
    }
}
