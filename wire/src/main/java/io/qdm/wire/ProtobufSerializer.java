package io.qdm.wire;

import com.google.protobuf.MessageLite;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka value serializer for protobuf messages: the message's standard binary encoding, nothing added.
 * Raw {@code byte[]} values pass through unchanged: that is what SmallRye hands a dead-letter producer for a record
 * that never deserialized, so the dead-letter topic keeps the original bytes.
 * Set it explicitly per channel ({@code value.serializer}); Quarkus does not match a generic serializer by type.
 */
public class ProtobufSerializer implements Serializer<Object> {

    @Override
    public byte[] serialize(String topic, Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof MessageLite message) {
            return message.toByteArray();
        }
        if (value instanceof byte[] raw) {
            return raw;
        }
        throw new IllegalArgumentException("ProtobufSerializer on " + topic + " got a " + value.getClass().getName()
                + ", expected a protobuf message or raw bytes");
    }
}
