package sos.audit.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import sos.contracts.AlertEvent;
import sos.contracts.EventJson;
import sos.contracts.SosEvent;

/**
 * One event as it goes on record: who it is about, when it happened, where it was read from, and its canonical JSON.
 *
 * @param alertId the alert the event belongs to; null for events outside any alert (a rejected press)
 * @param aggregateKey the event's aggregate key, as on the Kafka record
 * @param payload the event's canonical JSON ({@link EventJson#toJson})
 */
public record AuditEntry(
        UUID eventId,
        String eventType,
        UUID alertId,
        String aggregateKey,
        Instant occurredAt,
        EventSource source,
        String payload) {

    public AuditEntry {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(eventType, "eventType");
        Objects.requireNonNull(aggregateKey, "aggregateKey");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(payload, "payload");
    }

    public static AuditEntry of(SosEvent event, EventSource source) {
        UUID alertId = event instanceof AlertEvent alertEvent ? alertEvent.alertId() : null;
        return new AuditEntry(
                event.eventId(),
                event.eventType(),
                alertId,
                event.key(),
                event.occurredAt(),
                source,
                EventJson.toJson(event));
    }
}
