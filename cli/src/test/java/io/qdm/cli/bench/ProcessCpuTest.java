package io.qdm.cli.bench;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ProcessCpuTest {

    @Test
    void ticksAreUtimePlusStimeEvenWhenTheCommandNameHoldsSpacesAndParentheses() {
        // a real line's layout (pid, comm, state, ppid, ... utime=14th, stime=15th field)
        String line = "4242 (java (qdm) x) S 1 4242 4242 0 -1 4194560 51234 0 12 0 1234 567 0 0 20 0 58 0 9999 "
                + "4000000000 120000 18446744073709551615 1 1 0 0 0 0 4 0 1 0 0 0 17 1 0 0 0 0 0";
        assertThat(ProcessCpu.parseTicks(line)).isEqualTo(1234 + 567);
    }

    @Test
    void thisProcessUsesCpuAndAMissingOneIsLeftOut() {
        long self = ProcessHandle.current().pid();
        Map<String, Long> pids = new LinkedHashMap<>();
        pids.put("self", self);
        pids.put("gone", Long.MAX_VALUE);
        Map<String, Double> s = new ProcessCpu(pids).seconds();
        assertThat(s).containsOnlyKeys("self");
        assertThat(s.get("self")).isPositive(); // the JVM has at least loaded and compiled this test
    }

    @Test
    void msPerUnitIsTheDifferenceOverTheUnitsWithATotal() {
        Map<String, Double> before = new LinkedHashMap<>(Map.of("a", 1.0, "b", 2.0));
        Map<String, Double> after = new LinkedHashMap<>();
        after.put("a", 1.5);
        after.put("b", 2.25);
        after.put("late", 9.0); // no reading before: not charged
        Map<String, Double> ms = ProcessCpu.msPer(before, after, 1000);
        assertThat(ms).containsOnlyKeys("a", "b", "total");
        assertThat(ms.get("a")).isCloseTo(0.5, within(1e-12));
        assertThat(ms.get("b")).isCloseTo(0.25, within(1e-12));
        assertThat(ms.get("total")).isCloseTo(0.75, within(1e-12));
    }
}
