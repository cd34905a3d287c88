package io.qdm.cli.bench;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaWarmUpTest {

    @Test
    void theMeasuredSequenceSettlesAtItsFirstPairWithinTenPercent() {
        // 10,000-image jobs in a row on a stack warmed by gRPC calls only (images/s)
        assertThat(KafkaWarmUp.settled(List.of(694.0, 1448.0))).isFalse();
        assertThat(KafkaWarmUp.settled(List.of(694.0, 1448.0, 1946.0))).isFalse(); // 25.6 % apart
        assertThat(KafkaWarmUp.settled(List.of(694.0, 1448.0, 1946.0, 2240.0))).isFalse(); // 13.1 %
        assertThat(KafkaWarmUp.settled(List.of(694.0, 1448.0, 1946.0, 2240.0, 2130.0))).isTrue(); // 4.9 %
    }

    @Test
    void theToleranceIsAgainstTheLargerOfTheTwoEitherWay() {
        assertThat(KafkaWarmUp.settled(List.of(900.0, 1000.0))).isTrue();   // exactly 10 %
        assertThat(KafkaWarmUp.settled(List.of(1000.0, 900.0))).isTrue();
        assertThat(KafkaWarmUp.settled(List.of(899.0, 1000.0))).isFalse();
    }

    @Test
    void oneJobOrNoThroughputIsNeverSettled() {
        assertThat(KafkaWarmUp.settled(List.of())).isFalse();
        assertThat(KafkaWarmUp.settled(List.of(2000.0))).isFalse();
        assertThat(KafkaWarmUp.settled(List.of(0.0, 0.0))).isFalse();
    }
}
