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
 * @param candidates the ranking the choice came from, best first, with each unit's ETA (the units sent among them), so
 *     that an analyst can replay why a unit was chosen; empty when the writer did not record it
 */
public record UnitsAssigned(
        UUID eventId,
        Instant occurredAt,
        UUID alertId,
        UUID alertEventId,
        int requested,
        List<Assignment> assignments,
        List<Assignment> candidates)
        implements DispatchEvent {

    /** A decision without its ranking. */
    public UnitsAssigned(
            UUID eventId,
            Instant occurredAt,
            UUID alertId,
            UUID alertEventId,
            int requested,
            List<Assignment> assignments) {
        this(eventId, occurredAt, alertId, alertEventId, requested, assignments, List.of());
    }

    public UnitsAssigned {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(alertId, "alertId");
        assignments = List.copyOf(assignments);
        candidates = candidates == null ? List.of() : List.copyOf(candidates);
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
