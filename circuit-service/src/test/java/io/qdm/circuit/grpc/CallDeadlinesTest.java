package io.qdm.circuit.grpc;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CallDeadlinesTest {

    @Test
    void parsesTheGrpcTimeoutHeaderOfEveryUnit() {
        assertThat(CallDeadlines.timeoutNanos("2H")).isEqualTo(7_200_000_000_000L);
        assertThat(CallDeadlines.timeoutNanos("3M")).isEqualTo(180_000_000_000L);
        assertThat(CallDeadlines.timeoutNanos("5S")).isEqualTo(5_000_000_000L);
        assertThat(CallDeadlines.timeoutNanos("299999m")).isEqualTo(299_999_000_000L);
        assertThat(CallDeadlines.timeoutNanos("7u")).isEqualTo(7_000L);
        assertThat(CallDeadlines.timeoutNanos("42n")).isEqualTo(42L);
    }

    @Test
    void absentOrMalformedHeadersMeanNoDeadline() {
        assertThat(CallDeadlines.timeoutNanos(null)).isEqualTo(-1);
        assertThat(CallDeadlines.timeoutNanos("S")).isEqualTo(-1);
        assertThat(CallDeadlines.timeoutNanos("12x")).isEqualTo(-1);
        assertThat(CallDeadlines.timeoutNanos("1.5S")).isEqualTo(-1);
        assertThat(CallDeadlines.timeoutNanos("123456789S")).as("more than 8 digits").isEqualTo(-1);
    }
}
