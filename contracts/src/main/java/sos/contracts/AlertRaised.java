package sos.contracts;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A consulate raised an alert and alert-ingest accepted it.
 *
 * @param accuracyMeters how far the reported position may be off, when the sender knows; may be null
 * @param premises the registered premises the alert was raised at, when known; may be null
 * @param description free text from the sender; may be null
 * @param drill a drill or exercise: handled end to end, but never a live emergency
 */
public record AlertRaised(
        UUID eventId,
        Instant occurredAt,
        UUID alertId,
        String consulateId,
        String consulateName,
        AlertType type,
        Severity severity,
        GeoPoint location,
        Double accuracyMeters,
        String premises,
        String description,
        boolean drill)
        implements AlertLifecycleEvent {

    public AlertRaised {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(alertId, "alertId");
        Objects.requireNonNull(consulateId, "consulateId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(location, "location");
    }
}
