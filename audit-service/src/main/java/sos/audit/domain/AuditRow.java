package sos.audit.domain;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * One row of the trail exactly as stored and hashed ({@link ChainHash}).
 *
 * @param alertId null for events outside any alert
 * @param consulateId, alertType, drill of the alert the event belongs to, when known
 * @param district the Karachi district of the alert, when its {@code AlertRaised} named one (rows hashed before the
 *     field existed keep null; see {@link ChainHash} for how it enters the hash)
 * @param agencies, unitIds the agencies and units the event names (empty for most events)
 * @param payload the stored JSON text
 * @param hash SHA-256 of the previous row's hash and this row's canonical form
 */
public record AuditRow(
        long seq,
        UUID eventId,
        String eventType,
        UUID alertId,
        String aggregateKey,
        String topic,
        int partition,
        long offset,
        Instant occurredAt,
        Instant recordedAt,
        String consulateId,
        String alertType,
        Boolean drill,
        String district,
        List<String> agencies,
        List<String> unitIds,
        String payload,
        byte[] hash) {

    public AuditRow {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(eventType, "eventType");
        Objects.requireNonNull(aggregateKey, "aggregateKey");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(recordedAt, "recordedAt");
        Objects.requireNonNull(payload, "payload");
        agencies = List.copyOf(agencies);
        unitIds = List.copyOf(unitIds);
    }

    AuditRow withHash(byte[] newHash) {
        return new AuditRow(
                seq,
                eventId,
                eventType,
                alertId,
                aggregateKey,
                topic,
                partition,
                offset,
                occurredAt,
                recordedAt,
                consulateId,
                alertType,
                drill,
                district,
                agencies,
                unitIds,
                payload,
                newHash);
    }
}
