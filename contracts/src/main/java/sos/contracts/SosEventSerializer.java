package sos.contracts;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/** Writes an event as JSON and refuses one that does not belong on the topic. */
public class SosEventSerializer implements Serializer<SosEvent> {

    @Override
    public byte[] serialize(String topic, SosEvent event) {
        if (event == null) {
            return null;
        }
        Topic<?> registered = Topics.byName(topic);
        if (registered != null && !registered.accepts(event)) {
            throw new SerializationException(event.eventType() + " does not belong on " + topic + " ("
                    + registered.valueType().getSimpleName() + " only)");
        }
        return EventJson.toBytes(event);
    }
}
