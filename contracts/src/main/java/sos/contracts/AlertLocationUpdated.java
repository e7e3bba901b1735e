package sos.contracts;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** The people in danger moved (a convoy on the move): the alert's position is now {@code location}. */
public record AlertLocationUpdated(
        UUID eventId,
        Instant occurredAt,
        UUID alertId,
        String consulateId,
        GeoPoint location,
        Double accuracyMeters,
        boolean drill)
        implements AlertLifecycleEvent {

    public AlertLocationUpdated {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(alertId, "alertId");
        Objects.requireNonNull(consulateId, "consulateId");
        Objects.requireNonNull(location, "location");
    }
}
