package sos.notification;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;
import sos.contracts.EventJson;
import sos.contracts.SosEvent;

/**
 * Values on the dead-letter topic: the original bytes of a record that could not be read, or the event of a record
 * that could not be processed, as on its original topic.
 */
public final class DeadLetterValueSerializer implements Serializer<Object> {

    @Override
    public byte[] serialize(String topic, Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof byte[] raw) {
            return raw;
        }
        if (value instanceof SosEvent event) {
            return EventJson.toBytes(event);
        }
        throw new SerializationException(
                "cannot dead-letter a " + value.getClass().getName());
    }
}
