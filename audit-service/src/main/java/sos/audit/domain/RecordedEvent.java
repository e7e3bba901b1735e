package sos.audit.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * An event on record.
 *
 * @param seq the order in which audit-service recorded it
 * @param alertId null for events outside any alert
 * @param payload the event's canonical JSON
 * @param district the Karachi district of its alert, when known
 */
public record RecordedEvent(
        long seq,
        UUID eventId,
        String eventType,
        UUID alertId,
        String aggregateKey,
        String topic,
        Instant occurredAt,
        Instant recordedAt,
        String payload,
        String district) {

    /** An event whose alert's district is not known. */
    public RecordedEvent(
            long seq,
            UUID eventId,
            String eventType,
            UUID alertId,
            String aggregateKey,
            String topic,
            Instant occurredAt,
            Instant recordedAt,
            String payload) {
        this(seq, eventId, eventType, alertId, aggregateKey, topic, occurredAt, recordedAt, payload, null);
    }

    public RecordedEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(eventType, "eventType");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(recordedAt, "recordedAt");
        Objects.requireNonNull(payload, "payload");
    }
}
