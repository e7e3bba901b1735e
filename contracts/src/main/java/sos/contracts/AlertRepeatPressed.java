package sos.contracts;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * The consulate pressed SOS again while this alert was open. The incident is not duplicated; the press is kept.
 *
 * @param pressCount how many presses this alert has had, the first one included
 * @param location where the repeat press came from; may be null
 */
public record AlertRepeatPressed(
        UUID eventId,
        Instant occurredAt,
        UUID alertId,
        String consulateId,
        AlertType type,
        GeoPoint location,
        int pressCount,
        boolean drill)
        implements AlertLifecycleEvent {

    public AlertRepeatPressed {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(alertId, "alertId");
        Objects.requireNonNull(consulateId, "consulateId");
    }
}
