package sos.audit.domain;

import java.util.Objects;

/** Where an event was read: topic, partition and offset of its record. */
public record EventSource(String topic, int partition, long offset) {

    public EventSource {
        Objects.requireNonNull(topic, "topic");
    }

    @Override
    public String toString() {
        return topic + "-" + partition + "@" + offset;
    }
}
