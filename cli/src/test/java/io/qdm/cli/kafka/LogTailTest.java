package io.qdm.cli.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogTailTest {

    @TempDir
    Path dir;

    @Test
    void lastLinesOfALongFile() throws IOException {
        Path log = dir.resolve("broker.log");
        Files.writeString(log, IntStream.rangeClosed(1, 100_000).mapToObj(i -> "line " + i)
                .collect(Collectors.joining("\n", "", "\n")));

        assertEquals(List.of("line 99998", "line 99999", "line 100000"), LogTail.lastLines(log, 3));
    }

    @Test
    void shortFileMissingFileAndSection() throws IOException {
        Path log = dir.resolve("broker.log");
        Files.writeString(log, "a\nb");

        assertEquals(List.of("a", "b"), LogTail.lastLines(log, 20));
        assertEquals("\n--- last 2 lines of " + log + " ---\na\nb", LogTail.section(log, 20));
        assertEquals(List.of(), LogTail.lastLines(dir.resolve("missing.log"), 20));
        assertEquals("", LogTail.section(dir.resolve("missing.log"), 20));
    }
}
