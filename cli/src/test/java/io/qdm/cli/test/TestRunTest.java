package io.qdm.cli.test;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TestRunTest {

    @Test
    void runsMavenVerifyWithTheExtraArguments() {
        assertEquals(List.of("./mvnw", "-B", "verify"), TestRun.mavenCommand(List.of()));
        assertEquals(List.of("./mvnw", "-B", "verify", "-pl", "cli"), TestRun.mavenCommand(List.of("-pl", "cli")));
    }

    @Test
    void readmeAndCiNameThisCommand() throws IOException {
        // The README's test command and CI must stay the same thing (CI runs the README's command on a clean clone).
        Path root = Path.of(System.getProperty("user.dir")).getParent();
        String readme = Files.readString(root.resolve("README.md"));
        String ci = Files.readString(root.resolve(".ci/run"));
        assertTrue(readme.contains("| **Run the tests**") && readme.contains("`./qdm test`"), "README names ./qdm test");
        assertTrue(ci.lines().anyMatch(l -> l.trim().startsWith("./qdm test")), ".ci/run runs ./qdm test");
    }
}
