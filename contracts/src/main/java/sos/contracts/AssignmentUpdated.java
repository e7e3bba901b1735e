package sos.contracts;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * What happened to one unit on one alert after it was assigned, with the reason: it acknowledged, went en route,
 * arrived, cleared, or was released because it did not acknowledge in time and another unit took its place.
 *
 * @param change {@code ACKNOWLEDGED}, {@code EN_ROUTE}, {@code ON_SCENE}, {@code CLEARED}, {@code REASSIGNED}
 * @param replacement for {@code REASSIGNED}: the unit sent instead, or null when none was found
 * @param candidates for {@code REASSIGNED}: the ranking the replacement came from, best first
 */
public record AssignmentUpdated(
        UUID eventId,
        Instant occurredAt,
        UUID alertId,
        String unitId,
        String change,
        String reason,
        UnitsAssigned.Assignment replacement,
        List<UnitsAssigned.Assignment> candidates)
        implements DispatchEvent {

    public AssignmentUpdated {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(alertId, "alertId");
        Objects.requireNonNull(unitId, "unitId");
        Objects.requireNonNull(change, "change");
        candidates = candidates == null ? List.of() : List.copyOf(candidates);
    }
}
