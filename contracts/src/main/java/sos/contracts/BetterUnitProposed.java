package sos.contracts;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * The alert moved and dispatch-service ranked the units again: {@code proposed} would arrive sooner than
 * {@code currentUnitId}. A proposal only: the control room decides, and a unit already en route is never swapped
 * automatically.
 *
 * @param location the alert's new position
 * @param currentUnitId the unit out on the alert that the proposal would replace
 * @param currentEtaSeconds its ETA to the new position
 * @param proposed the better unit, with its ETA
 * @param candidates the ranking it came from, best first
 */
public record BetterUnitProposed(
        UUID eventId,
        Instant occurredAt,
        UUID alertId,
        GeoPoint location,
        String currentUnitId,
        int currentEtaSeconds,
        UnitsAssigned.Assignment proposed,
        List<UnitsAssigned.Assignment> candidates,
        String reason)
        implements DispatchEvent {

    public BetterUnitProposed {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(alertId, "alertId");
        Objects.requireNonNull(proposed, "proposed");
        candidates = candidates == null ? List.of() : List.copyOf(candidates);
    }
}
