package sos.contracts;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads an event from JSON. Anything that is not a valid event of the topic's type is a {@link SerializationException};
 * wrap this in spring-kafka's ErrorHandlingDeserializer so that such a record goes to a dead-letter topic instead of
 * stalling its partition.
 */
public class SosEventDeserializer implements Deserializer<SosEvent> {

    @Override
    public SosEvent deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        SosEvent event;
        try {
            event = EventJson.fromBytes(data);
        } catch (RuntimeException e) {
            throw new SerializationException("not a valid SOS event on " + topic + ": " + e.getMessage(), e);
        }
        Topic<?> registered = Topics.byName(topic);
        if (registered != null && !registered.accepts(event)) {
            throw new SerializationException(event.eventType() + " does not belong on " + topic);
        }
        return event;
    }
}
