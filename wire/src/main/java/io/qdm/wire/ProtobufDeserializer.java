package io.qdm.wire;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

import java.util.Map;

/**
 * Kafka value deserializer for one protobuf message type, named by the channel attribute {@value #TYPE_CONFIG}
 * (Kafka hands unknown channel attributes to {@link #configure}). A record that does not parse raises Kafka's
 * {@link SerializationException}, so SmallRye's deserialization-failure handling routes it to the dead-letter topic.
 */
public class ProtobufDeserializer implements Deserializer<MessageLite> {

    /** Channel attribute holding the fully qualified generated class, e.g. {@code io.qdm.proto.generation.v1.StateBatch}. */
    public static final String TYPE_CONFIG = "qdm.protobuf.type";

    private Parser<? extends MessageLite> parser;
    private String typeName;

    public ProtobufDeserializer() {
    }

    /** For code that builds consumers directly. */
    public ProtobufDeserializer(Class<? extends MessageLite> type) {
        bind(type.getName());
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        Object type = configs.get(TYPE_CONFIG);
        if (type == null) {
            if (parser == null) {
                throw new IllegalArgumentException("ProtobufDeserializer needs the channel attribute " + TYPE_CONFIG
                        + " naming the protobuf message class");
            }
            return;
        }
        bind(type.toString());
    }

    private void bind(String className) {
        try {
            Class<?> type = Class.forName(className, true, Thread.currentThread().getContextClassLoader());
            Object defaultInstance = type.getMethod("getDefaultInstance").invoke(null);
            this.parser = ((MessageLite) defaultInstance).getParserForType();
            this.typeName = className;
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new IllegalArgumentException(TYPE_CONFIG + "=" + className + " is not a protobuf message class", e);
        }
    }

    @Override
    public MessageLite deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        try {
            return parser.parseFrom(data);
        } catch (InvalidProtocolBufferException e) {
            throw new SerializationException("record on " + topic + " is not a valid " + typeName + ": "
                    + e.getMessage(), e);
        }
    }
}
