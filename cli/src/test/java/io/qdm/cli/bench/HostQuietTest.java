package io.qdm.cli.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class HostQuietTest {

    @Test
    void theAggregateCpuLineGivesTotalAndIdleJiffiesWithoutGuestTime() {
        // user nice system idle iowait irq softirq steal guest guest_nice
        long[] t = HostQuiet.parseCpuLine("cpu  100 5 50 800 20 3 2 20 40 0");
        assertThat(t).containsExactly(1000, 820);
        assertThat(HostQuiet.busyFraction(t[0], t[1])).isCloseTo(0.18, within(1e-12));
        assertThat(HostQuiet.parseCpuLine("cpu 1 0 1 8")).containsExactly(10, 8); // old kernels: four fields
    }

    @Test
    void aPerCpuLineIsRefused() {
        assertThatThrownBy(() -> HostQuiet.parseCpuLine("cpu0 1 2 3 4 5")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("aggregate cpu line");
    }
}
