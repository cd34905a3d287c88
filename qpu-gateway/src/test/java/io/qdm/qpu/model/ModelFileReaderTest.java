package io.qdm.qpu.model;

import io.qdm.qpu.TestModels;
import io.qdm.simulator.model.DenoiserSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModelFileReaderTest {

    @Test
    void readsTheRegistryFormatAndPicksTheNumericallyLatestVersion(@TempDir Path dir) throws Exception {
        DenoiserSpec spec = DenoiserSpec.conditionedLatent();
        double[] p = new double[spec.parameterCount()];
        p[7] = 0.25;
        TestModels.write(dir, "conditioned-latent", "9", spec, new double[spec.parameterCount()]);
        TestModels.write(dir, "conditioned-latent", "10", spec, p);
        Files.writeString(dir.resolve("broken.json"), "{not json");
        ModelDirectory models = new ModelDirectory(dir);
        DenoiserModel latest = models.find("conditioned-latent", "").orElseThrow();
        assertThat(latest.version()).isEqualTo("10");
        assertThat(latest.spec()).isEqualTo(spec);
        assertThat(latest.parameters()).hasSize(1110);
        assertThat(latest.parameters()[7]).isEqualTo(0.25);
        assertThat(latest.sha256()).hasSize(64);
        assertThat(models.find("conditioned-latent", "9").orElseThrow().parameters()[7]).isZero();
        assertThat(models.find("conditioned-latent", "11")).isEmpty();
        assertThat(models.find("other", "")).isEmpty();
        assertThat(new ModelDirectory(dir.resolve("missing")).find("x", "")).isEmpty();
    }

    @Test
    void rejectsFilesNamingTheKeyAtFault(@TempDir Path dir) throws Exception {
        Path file = TestModels.write(dir, "m", "1", DenoiserSpec.conditionedLatent(), new double[1110]);
        Files.writeString(file, Files.readString(file).replace("\"qdm-model/1\"", "\"qdm-model/9\""));
        assertThatThrownBy(() -> ModelFileReader.read(file)).isInstanceOf(IOException.class)
                .hasMessage(file + ": format: expected qdm-model/1, got qdm-model/9");
        Path short1 = TestModels.write(dir, "s", "1", DenoiserSpec.conditionedLatent(), new double[3]);
        assertThatThrownBy(() -> ModelFileReader.read(short1))
                .hasMessage(short1 + ": parameters: expected 1110 numbers, got 3");
    }
}
