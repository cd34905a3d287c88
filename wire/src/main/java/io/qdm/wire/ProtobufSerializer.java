package io.qdm.wire;

import com.google.protobuf.MessageLite;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka value serializer for any protobuf message: the message's standard binary encoding, nothing added.
 * Set it explicitly per channel ({@code value.serializer}); Quarkus does not match a generic serializer by type.
 */
public class ProtobufSerializer implements Serializer<MessageLite> {

    @Override
    public byte[] serialize(String topic, MessageLite message) {
        return message == null ? null : message.toByteArray();
    }
}
