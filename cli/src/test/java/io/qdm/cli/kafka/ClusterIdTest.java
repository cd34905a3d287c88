package io.qdm.cli.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.Random;

import org.junit.jupiter.api.Test;

class ClusterIdTest {

    @Test
    void isKafkaUuidFormat22CharsOfUrlSafeBase64For16Bytes() {
        Random random = new Random(7);
        for (int i = 0; i < 1000; i++) {
            String id = ClusterId.generate(random);

            assertEquals(22, id.length(), id);
            assertTrue(id.matches("[A-Za-z0-9_-]+"), id);
            assertFalse(id.startsWith("-"), id);
            assertEquals(16, Base64.getUrlDecoder().decode(id).length, id);
        }
    }

    @Test
    void sameSeedSameIdOtherSeedOtherId() {
        assertEquals(ClusterId.generate(new Random(1)), ClusterId.generate(new Random(1)));
        assertNotEquals(ClusterId.generate(new Random(1)), ClusterId.generate(new Random(2)));
    }
}
