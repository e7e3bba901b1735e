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
 * @param district the Karachi district the location lies in (e.g. {@code "South"}), as alert-ingest's district map
 *     says; null when it lies in none or the writer predates the field
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
        boolean drill,
        String district)
        implements AlertLifecycleEvent {

    /** An alert whose district is not known. */
    public AlertRaised(
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
            boolean drill) {
        this(
                eventId,
                occurredAt,
                alertId,
                consulateId,
                consulateName,
                type,
                severity,
                location,
                accuracyMeters,
                premises,
                description,
                drill,
                null);
    }

    /** The same alert, placed in {@code district}. */
    public AlertRaised withDistrict(String district) {
        return new AlertRaised(
                eventId,
                occurredAt,
                alertId,
                consulateId,
                consulateName,
                type,
                severity,
                location,
                accuracyMeters,
                premises,
                description,
                drill,
                district);
    }

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
