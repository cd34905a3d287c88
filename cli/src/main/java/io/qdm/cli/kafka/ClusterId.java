package io.qdm.cli.kafka;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.Random;

/**
 * A KRaft cluster id in the format of Kafka's {@code org.apache.kafka.common.Uuid#toString()}: 16 random bytes,
 * URL-safe base64 without padding (22 characters). Generated here rather than with
 * {@code kafka.tools.StorageTool random-uuid} to save a JVM start.
 */
public final class ClusterId {

    private ClusterId() {
    }

    public static String generate(Random random) {
        while (true) {
            ByteBuffer bytes = ByteBuffer.allocate(16).putLong(random.nextLong()).putLong(random.nextLong());
            String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
            // Kafka's Uuid.randomUuid() rejects ids starting with '-' (they read as command-line options) and the
            // reserved all-zero / "one" uuids; a leading '-' is the only case with a realistic chance here.
            if (!id.startsWith("-") && !id.equals("AAAAAAAAAAAAAAAAAAAAAA") && !id.equals("AAAAAAAAAAAAAAAAAAAAAQ")) {
                return id;
            }
        }
    }
}
