package io.qdm.wire;

import com.google.protobuf.MessageLite;
import io.qdm.proto.common.v1.ModelRef;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProtobufSerdeTest {

    private static ProtobufDeserializer deserializerFor(Class<?> type) {
        ProtobufDeserializer d = new ProtobufDeserializer();
        d.configure(Map.of(ProtobufDeserializer.TYPE_CONFIG, type.getName()), false);
        return d;
    }

    @Test
    void roundTripsTheTypeNamedByTheChannelAttribute() {
        ModelRef ref = ModelRef.newBuilder().setName("conditioned-latent").setVersion("3").build();
        byte[] bytes = new ProtobufSerializer().serialize("t", ref);
        MessageLite back = deserializerFor(ModelRef.class).deserialize("t", bytes);
        assertEquals(ref, back);
    }

    @Test
    void garbageBecomesKafkaSerializationExceptionNamingTopicAndType() {
        byte[] garbage = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF};
        SerializationException e = assertThrows(SerializationException.class,
                () -> deserializerFor(ModelRef.class).deserialize("qdm.x", garbage));
        assertTrue(e.getMessage().startsWith("record on qdm.x is not a valid io.qdm.proto.common.v1.ModelRef"),
                e.getMessage());
    }

    @Test
    void rawBytesPassThroughForDeadLetters() {
        byte[] raw = {1, 2, 3};
        org.junit.jupiter.api.Assertions.assertArrayEquals(raw, new ProtobufSerializer().serialize("t.dlq", raw));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ProtobufSerializer().serialize("t", "text"));
        assertEquals("ProtobufSerializer on t got a java.lang.String, expected a protobuf message or raw bytes",
                e.getMessage());
    }

    @Test
    void nullPayloadStaysNull() {
        assertNull(deserializerFor(ModelRef.class).deserialize("t", null));
        assertNull(new ProtobufSerializer().serialize("t", null));
    }

    @Test
    void missingOrWrongTypeAttributeIsAConfigurationError() {
        ProtobufDeserializer d = new ProtobufDeserializer();
        assertThrows(IllegalArgumentException.class, () -> d.configure(Map.of(), false));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> d.configure(Map.of(ProtobufDeserializer.TYPE_CONFIG, "java.lang.String"), false));
        assertEquals("qdm.protobuf.type=java.lang.String is not a protobuf message class", e.getMessage());
    }
}
