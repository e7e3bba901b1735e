package sos.audit.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import sos.contracts.AlertEvent;
import sos.contracts.AlertLifecycleEvent;
import sos.contracts.AlertRaised;
import sos.contracts.AlertRejected;
import sos.contracts.AlertResolved;
import sos.contracts.AssignmentUpdated;
import sos.contracts.EventJson;
import sos.contracts.SosEvent;
import sos.contracts.UnitStateChanged;
import sos.contracts.UnitsAssigned;

/**
 * One event as it goes on record: who it is about, when it happened, where it was read from, and its canonical JSON.
 *
 * @param alertId the alert the event belongs to; null for events outside any alert (a rejected press)
 * @param aggregateKey the event's aggregate key, as on the Kafka record
 * @param payload the event's canonical JSON ({@link EventJson#toJson})
 * @param consulateId the consulate, when the event itself says (else taken from the alert's {@code AlertRaised})
 * @param alertType the alert type, when the event itself says
 * @param drill whether it is a drill, when the event itself says
 * @param district the alert's Karachi district, when the event itself says (an {@code AlertRaised} that names one)
 * @param agencies the agencies the event names (a dispatch), else empty
 * @param unitIds the units the event names (a dispatch), else empty
 */
public record AuditEntry(
        UUID eventId,
        String eventType,
        UUID alertId,
        String aggregateKey,
        Instant occurredAt,
        EventSource source,
        String payload,
        String consulateId,
        String alertType,
        Boolean drill,
        String district,
        List<String> agencies,
        List<String> unitIds) {

    public AuditEntry {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(eventType, "eventType");
        Objects.requireNonNull(aggregateKey, "aggregateKey");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(payload, "payload");
        agencies = agencies == null ? List.of() : List.copyOf(agencies);
        unitIds = unitIds == null ? List.of() : List.copyOf(unitIds);
    }

    public AuditEntry(
            UUID eventId,
            String eventType,
            UUID alertId,
            String aggregateKey,
            Instant occurredAt,
            EventSource source,
            String payload) {
        this(
                eventId,
                eventType,
                alertId,
                aggregateKey,
                occurredAt,
                source,
                payload,
                null,
                null,
                null,
                null,
                null,
                null);
    }

    public static AuditEntry of(SosEvent event, EventSource source) {
        return of(event, source, EventJson.toJson(event));
    }

    /** The entry of an event whose JSON is {@code payload} (as stored, which need not be in wire order). */
    public static AuditEntry of(SosEvent event, EventSource source, String payload) {
        UUID alertId = event instanceof AlertEvent alertEvent ? alertEvent.alertId() : null;
        String consulateId = null;
        String alertType = null;
        Boolean drill = null;
        String district = null;
        List<String> agencies = new ArrayList<>();
        List<String> unitIds = new ArrayList<>();
        if (event instanceof AlertLifecycleEvent lifecycle) {
            consulateId = lifecycle.consulateId();
            drill = lifecycle.drill();
        }
        if (event instanceof AlertRaised raised) {
            alertType = raised.type().name();
            district = raised.district();
        }
        if (event instanceof AlertRejected rejected) {
            consulateId = rejected.consulateId();
        }
        if (event instanceof UnitsAssigned assigned) {
            // only the units sent: the ranked candidates are not the alert's units
            for (UnitsAssigned.Assignment assignment : assigned.assignments()) {
                String agency =
                        assignment.agency() == null ? null : assignment.agency().name();
                if (agency != null && !agencies.contains(agency)) {
                    agencies.add(agency);
                }
                if (assignment.unitId() != null) {
                    unitIds.add(assignment.unitId());
                }
            }
        }
        if (event instanceof AssignmentUpdated updated) {
            unitIds.add(updated.unitId());
            if (updated.replacement() != null && updated.replacement().unitId() != null) {
                unitIds.add(updated.replacement().unitId());
            }
        }
        if (event instanceof AlertResolved resolved) {
            unitIds.addAll(resolved.unitIds());
        }
        if (event instanceof UnitStateChanged state) {
            unitIds.add(state.unitId());
            agencies.add(state.agency().name());
            alertId = state.alertId();
        }
        return new AuditEntry(
                event.eventId(),
                event.eventType(),
                alertId,
                event.key(),
                event.occurredAt(),
                source,
                payload,
                consulateId,
                alertType,
                drill,
                district,
                agencies,
                unitIds);
    }

    /** What this event says about its alert, if it is the alert's {@code AlertRaised}. */
    public AlertFacts alertFacts() {
        if (!"AlertRaised".equals(eventType) || alertId == null || consulateId == null || alertType == null) {
            return null;
        }
        return new AlertFacts(alertId, consulateId, alertType, drill != null && drill, occurredAt, district);
    }

    /**
     * Whether the payload holds an escaped NUL character (backslash-u0000 where the backslash is not itself escaped):
     * valid JSON text that PostgreSQL's jsonb, which the queries read the payload as, refuses.
     */
    public boolean holdsEscapedNul() {
        for (int at = payload.indexOf("\\u0000"); at >= 0; at = payload.indexOf("\\u0000", at + 1)) {
            int backslashes = 0;
            for (int i = at; i >= 0 && payload.charAt(i) == '\\'; i--) {
                backslashes++;
            }
            if (backslashes % 2 == 1) {
                return true;
            }
        }
        return false;
    }
}
