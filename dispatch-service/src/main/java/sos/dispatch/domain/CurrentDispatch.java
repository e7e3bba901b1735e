package sos.dispatch.domain;

import java.time.Instant;
import java.util.UUID;
import sos.contracts.AlertType;
import sos.contracts.GeoPoint;
import sos.contracts.Severity;
import sos.contracts.UnitsAssigned.Assignment;

/**
 * What a unit is out on: the alert, where it is now, and the unit's ETA from where it is now.
 *
 * @param type null when the alert is only known from the decisions (not from sos.alerts)
 * @param ackDeadline null once acknowledged
 */
public record CurrentDispatch(
        UUID alertId,
        AlertType type,
        Severity severity,
        GeoPoint location,
        boolean drill,
        UnitStatus status,
        Instant ackDeadline,
        boolean acknowledged,
        Assignment eta) {}
