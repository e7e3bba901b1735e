package sos.dispatch.domain;

import java.time.Instant;
import java.util.UUID;

/**
 * A unit and what it is doing now.
 *
 * @param alertId the alert it is dispatched to; null when available
 * @param since when it was dispatched; null when available
 */
public record UnitState(FleetUnit unit, UnitStatus status, UUID alertId, Instant since) {

    static UnitState available(FleetUnit unit) {
        return new UnitState(unit, UnitStatus.AVAILABLE, null, null);
    }

    UnitState dispatchedTo(UUID alert, Instant at) {
        return new UnitState(unit, UnitStatus.DISPATCHED, alert, at);
    }

    UnitState cleared() {
        return available(unit);
    }

    public boolean isAvailable() {
        return status == UnitStatus.AVAILABLE;
    }
}
