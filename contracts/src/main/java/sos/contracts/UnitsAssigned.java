package sos.contracts;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * dispatch-service chose units for an alert. {@code assignments} holds the units sent, nearest first; when fewer were
 * found than the policy asks for, {@code requested} is larger than the list and the shortfall is explicit.
 *
 * @param alertEventId the id of the {@link AlertRaised} this decision answers
 */
public record UnitsAssigned(
        UUID eventId, Instant occurredAt, UUID alertId, UUID alertEventId, int requested, List<Assignment> assignments)
        implements DispatchEvent {

    public UnitsAssigned {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(alertId, "alertId");
        assignments = List.copyOf(assignments);
    }

    /** One unit sent to the alert, with where it was and how soon it should arrive. */
    public record Assignment(
            String unitId,
            String callSign,
            Agency agency,
            String capability,
            String station,
            GeoPoint position,
            double distanceKm,
            int etaSeconds) {}
}
