package io.qdm.circuit.registry;

import io.qdm.circuit.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModelRegistryTest {

    @Test
    void modelFilesRoundTripExactlyAndRecordTheirChecksum(@TempDir Path dir) throws IOException {
        RegisteredModel model = TestModels.conditioned();
        Path file = dir.resolve("m.json");
        ModelFile.write(model, file);
        RegisteredModel back = ModelFile.read(file);
        assertThat(back.parameters()).containsExactly(model.parameters());
        assertThat(back.spec()).isEqualTo(model.spec());
        assertThat(back.spec().parameterCount()).isEqualTo(1110);
        assertThat(back.classes()).isEqualTo(10);
        assertThat(back.sha256()).isEqualTo(ModelFile.sha256(Files.readAllBytes(file))).hasSize(64);
    }

    @Test
    void latestIsTheGreatestVersionNumericallyAndVersionsAreImmutable() {
        ModelRegistry registry = new ModelRegistry();
        RegisteredModel base = TestModels.unconditioned();
        for (String v : new String[] {"2", "10", "9"}) {
            registry.register(new RegisteredModel(base.name(), v, base.kind(), base.spec(), base.parameters(),
                    base.classes(), base.schedule(), base.autoencoder(), base.imageSize(), base.metrics(),
                    base.provenance(), base.createdAtMs(), base.sha256()));
        }
        assertThat(registry.require(base.name(), "").version()).isEqualTo("10");
        assertThat(registry.list(base.name())).extracting(RegisteredModel::version).containsExactly("2", "9", "10");
        double[] other = base.parameters().clone();
        other[0] += 1;
        assertThatThrownBy(() -> registry.register(new RegisteredModel(base.name(), "9", base.kind(), base.spec(),
                other, 0, base.schedule(), "", 28, base.metrics(), base.provenance(), 0, "")))
                .hasMessage("model latent-small-test:9 already exists with other parameters; versions are immutable,"
                        + " publish a new version");
        assertThatThrownBy(() -> registry.require("nope", "1"))
                .hasMessage("model: unknown model nope/1; registered models: latent-small-test");
    }

    @Test
    void brokenFilesNameTheFileAndTheKey(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("bad.json");
        Files.writeString(file, "{\"format\": \"qdm-model/1\", \"name\": \"x\"}");
        assertThatThrownBy(() -> ModelRegistry.loadDirectory(dir))
                .isInstanceOf(IOException.class)
                .hasMessage(file + ": spec: missing");
        Files.writeString(file, "{not json");
        assertThatThrownBy(() -> ModelFile.read(file)).hasMessageStartingWith(file + ": not valid JSON");
        assertThat(ModelRegistry.loadDirectory(dir.resolve("absent")).names()).isEmpty();
    }

    /** A version another replica publishes into the shared directory is served without a restart; bad files are skipped. */
    @Test
    void theRegistryFollowsTheSharedDirectory(@TempDir Path dir) throws IOException {
        RegisteredModel base = TestModels.unconditioned();
        ModelFile.write(base, dir.resolve("a.json"));
        ModelRegistry registry = ModelRegistry.loadDirectory(dir, java.time.Duration.ZERO);
        String first = registry.require(base.name(), "").version();
        RegisteredModel next = new RegisteredModel(base.name(), first + "0", base.kind(), base.spec(), base.parameters(),
                base.classes(), base.schedule(), base.autoencoder(), base.imageSize(), base.metrics(),
                base.provenance(), base.createdAtMs(), base.sha256());
        ModelFile.write(next, dir.resolve("b.json"));
        Files.writeString(dir.resolve("broken.json"), "{not json");
        assertThat(registry.require(base.name(), first + "0").version()).isEqualTo(first + "0");
        assertThat(registry.require(base.name(), "").version()).isEqualTo(first + "0");
        assertThat(registry.list(base.name())).hasSize(2);
        // an in-memory registry and a long interval do not look again
        ModelRegistry slow = ModelRegistry.loadDirectory(dir.resolve("absent"), java.time.Duration.ofHours(1));
        Files.createDirectories(dir.resolve("absent"));
        ModelFile.write(base, dir.resolve("absent").resolve("a.json"));
        assertThat(slow.find(base.name(), "")).isEmpty();
    }
}
