package sos.dispatch.domain;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import sos.contracts.AlertType;
import sos.contracts.GeoPoint;
import sos.contracts.Severity;

/**
 * An alert the control room is watching, as the board shows it.
 *
 * @param raisedAt when the consulate raised it; null when dispatch saw only later events of it
 * @param decidedAt when dispatch chose its units; null before
 * @param escalation the cause of its latest escalation ({@code DURESS}, {@code NO_UNIT_AVAILABLE},
 *     {@code REDISPATCH_FAILED}); null when none
 * @param units the units out on it now
 */
public record OpenAlert(
        UUID alertId,
        AlertType type,
        Severity severity,
        boolean drill,
        String consulateId,
        String consulateName,
        String premises,
        String district,
        GeoPoint location,
        Instant raisedAt,
        Instant decidedAt,
        int requested,
        String escalation,
        List<Unit> units) {

    public OpenAlert {
        units = List.copyOf(units);
    }

    /**
     * @param etaSeconds from where the unit is now; null when the alert's location is not known
     */
    public record Unit(UnitState state, Integer etaSeconds) {}
}
