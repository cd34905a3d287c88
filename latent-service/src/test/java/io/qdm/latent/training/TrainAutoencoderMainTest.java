package io.qdm.latent.training;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrainAutoencoderMainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final PrintStream ps = new PrintStream(out, true);

    @Test
    void badArgumentsAreRejectedNamingTheFlag() {
        assertThatThrownBy(() -> TrainAutoencoderMain.run(new String[] {"--epochs", "x"}, ps, ps))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("--epochs: 'x' is not an integer");
        assertThatThrownBy(() -> TrainAutoencoderMain.run(new String[] {"--lr"}, ps, ps))
                .hasMessage("--lr: missing value");
        assertThatThrownBy(() -> TrainAutoencoderMain.run(new String[] {"--bogus"}, ps, ps))
                .hasMessage("unknown argument '--bogus'");
        assertThatThrownBy(() -> TrainAutoencoderMain.run(new String[] {"--epochs", "0"}, ps, ps))
                .hasMessage("epochs: 0 must be ≥ 1");
        assertThatThrownBy(() -> TrainAutoencoderMain.run(new String[] {"--latent-dim", "1"}, ps, ps))
                .hasMessage("latentDim: 1 is outside [2, 4096]");
    }

    @Test
    void helpPrintsUsage() throws Exception {
        assertThat(TrainAutoencoderMain.run(new String[] {"--help"}, ps, ps)).isZero();
        assertThat(out.toString()).contains("--resume", "--limit", "--latent-dim");
    }

    @Test
    void etaIsFormattedAsHoursMinutesSeconds() {
        assertThat(TrainAutoencoderMain.ConsoleProgress.hms(3723.4)).isEqualTo("1:02:03");
    }
}
