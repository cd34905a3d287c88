package io.qdm.cli.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PidFileTest {

    @TempDir
    Path dir;

    @Test
    void writeThenReadThenDelete() throws IOException {
        PidFile f = new PidFile(dir.resolve("sub/kafka.pid"));

        f.write(4242);

        assertEquals("4242\n", Files.readString(f.path()));
        assertEquals(OptionalLong.of(4242), f.read());
        assertFalse(Files.exists(dir.resolve("sub/kafka.pid.tmp")), "the temporary file was renamed");
        f.delete();
        assertFalse(f.exists());
        assertEquals(OptionalLong.empty(), f.read());
    }

    @Test
    void missingFileReadsAsNoPidAndDeleteIsIdempotent() {
        PidFile f = new PidFile(dir.resolve("kafka.pid"));

        assertEquals(OptionalLong.empty(), f.read());
        f.delete();
        assertFalse(f.exists());
    }

    @Test
    void malformedContentReadsAsNoPidButTheFileStillExists() throws IOException {
        PidFile f = new PidFile(dir.resolve("kafka.pid"));
        for (String junk : new String[] {"", "abc", "-5", "0", "12 34"}) {
            Files.writeString(f.path(), junk);

            assertEquals(OptionalLong.empty(), f.read(), "content '" + junk + "'");
            assertTrue(f.exists());
        }
    }
}
