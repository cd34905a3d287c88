package io.qdm.noise.schedule;

import static io.qdm.noise.Tolerances.F64;
import static io.qdm.noise.Tolerances.NOTES_TABLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.qdm.noise.ReferenceJson;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NoiseScheduleTest {

    /** qdm-paper-notes §2.1, the table (4 digits; the coefficient rows 3 digits). */
    private static final double[] NOTES_BETA = {.0040, .0535, .1030, .1525, .2020, .2515, .3010, .3505, .4000};
    private static final double[] NOTES_ALPHA_BAR = {.9960, .9427, .8456, .7167, .5719, .4281, .2992, .1943, .1166};
    // The notes print .342 for t = 8, but sqrt(0.116604) = 0.34147 rounds to .341: an erratum in the notes' table
    // (its alpha_bar row, .1166, is right). Checked here with the corrected digit.
    private static final double[] NOTES_SIGNAL = {.998, .971, .920, .847, .756, .654, .547, .441, .341};
    private static final double[] NOTES_NOISE = {.004, .057, .154, .283, .428, .572, .701, .806, .883};

    @Test
    void authorsLatentScheduleMatchesTheNotesTable() {
        NoiseSchedule s = NoiseSchedule.authorsLatent();
        assertThat(s.length()).isEqualTo(9);
        assertThat(s.timesteps()).isEqualTo(8);
        for (int t = 0; t < 9; t++) {
            assertThat(s.beta(t)).as("beta %d", t).isCloseTo(NOTES_BETA[t], within(NOTES_TABLE));
            assertThat(s.alphaBar(t)).as("alpha_bar %d", t).isCloseTo(NOTES_ALPHA_BAR[t], within(NOTES_TABLE));
            assertThat(Math.sqrt(s.alphaBar(t))).as("signal %d", t).isCloseTo(NOTES_SIGNAL[t], within(5e-4));
            assertThat(1 - s.alphaBar(t)).as("noise %d", t).isCloseTo(NOTES_NOISE[t], within(5e-4));
        }
        // The authors' deviation: alpha_bar[0] = 1 - beta0 = 0.996, not 1.
        assertThat(s.alphaBar(0)).isEqualTo(0.996);
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyScheduleMatchesNumpyReference() {
        List<Map<String, Object>> refs = (List<Map<String, Object>>) ReferenceJson.load("schedules.json").get("schedules");
        assertThat(refs).hasSize(8);
        for (Map<String, Object> r : refs) {
            ScheduleKind kind = ScheduleKind.valueOf((String) r.get("kind"));
            int T = ReferenceJson.integer(r.get("timesteps"));
            double b0 = r.containsKey("beta_start") ? (Double) r.get("beta_start") : 0;
            double bT = r.containsKey("beta_end") ? (Double) r.get("beta_end") : 0;
            double exp = r.containsKey("cosine_exponent") ? (Double) r.get("cosine_exponent") : 0;
            NoiseSchedule s = new ScheduleSpec(kind, T, b0, bT, exp).build();
            double[] betas = ReferenceJson.doubles(r.get("betas"));
            double[] alphasBar = ReferenceJson.doubles(r.get("alphas_bar"));
            assertThat(s.length()).as("%s length", r.get("name")).isEqualTo(betas.length);
            for (int t = 0; t < betas.length; t++) {
                assertThat(s.beta(t)).as("%s beta %d", r.get("name"), t).isCloseTo(betas[t], within(F64));
                assertThat(s.alphaBar(t)).as("%s alpha_bar %d", r.get("name"), t).isCloseTo(alphasBar[t], within(F64));
            }
        }
    }

    @Test
    void linearValuesAreBitExactWithNumpy() {
        // linspace and cumprod are reproduced operation for operation, so no tolerance is needed for LINEAR.
        @SuppressWarnings("unchecked")
        Map<String, Object> r = ((List<Map<String, Object>>) ReferenceJson.load("schedules.json").get("schedules")).get(0);
        assertThat(NoiseSchedule.authorsLatent().betas()).containsExactly(ReferenceJson.doubles(r.get("betas")));
        assertThat(NoiseSchedule.authorsLatent().alphasBar()).containsExactly(ReferenceJson.doubles(r.get("alphas_bar")));
    }

    @Test
    void zeroPrependedHasAlphaBarOneAtZeroAndLengthTPlus2() {
        NoiseSchedule s = NoiseSchedule.linearZeroPrepended(10, 1e-2, 1e-2);
        assertThat(s.length()).isEqualTo(12);
        assertThat(s.beta(0)).isZero();
        assertThat(s.alphaBar(0)).isEqualTo(1.0);
        assertThat(s.alphaBar(1)).isEqualTo(0.99);
    }

    @Test
    void cosineStartsAtZeroAndIsClipped() {
        NoiseSchedule s = NoiseSchedule.cosine(10, 1.0);
        assertThat(s.beta(0)).isZero();
        assertThat(s.beta(10)).isEqualTo(NoiseSchedule.COSINE_MAX_BETA);
        for (int t = 1; t <= 10; t++) {
            assertThat(s.beta(t)).isGreaterThan(s.beta(t - 1));
        }
    }

    @Test
    void badParametersNameTheField() {
        assertThatThrownBy(() -> NoiseSchedule.linear(0, 0.1, 0.2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("schedule.timesteps: must be in [1, 10000], got 0");
        assertThatThrownBy(() -> NoiseSchedule.linear(8, 0.1, 1.0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("schedule.beta_end: must be in [0, 1), got 1.0");
        assertThatThrownBy(() -> NoiseSchedule.constant(8, Double.NaN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("schedule.beta_start: must be in [0, 1), got NaN");
        assertThatThrownBy(() -> NoiseSchedule.cosine(8, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("schedule.cosine_exponent:");
        assertThatThrownBy(() -> new ScheduleSpec(null, 8, 0.1, 0.2, 0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("schedule.kind: missing");
        assertThatThrownBy(() -> ScheduleKind.fromName("sigmoid"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("schedule.kind: unknown schedule 'sigmoid' (expected linear, linear-zero-prepended, cosine or constant)");
        assertThat(ScheduleKind.fromName("linear-zero-prepended")).isEqualTo(ScheduleKind.LINEAR_ZERO_PREPENDED);
    }

    @Test
    void indexOutOfRangeNamesTheFieldAndRange() {
        NoiseSchedule s = NoiseSchedule.authorsLatent();
        assertThatThrownBy(() -> s.alphaBar(9))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("timestep: 9 is out of range [0, 8] for a LINEAR schedule with T = 8");
        assertThatThrownBy(() -> s.beta(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
