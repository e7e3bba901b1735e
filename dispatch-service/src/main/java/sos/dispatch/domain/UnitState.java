package sos.dispatch.domain;

import java.time.Instant;
import java.util.UUID;
import sos.contracts.GeoPoint;

/**
 * A unit and what it is doing now. Immutable; every change makes a new state with {@code version + 1}.
 *
 * @param position where it is: its last GPS fix, or its station until it reports one
 * @param positionAt when it was there; null while it is the station position from the fleet file (never stale)
 * @param headingDeg degrees from north; may be null
 * @param speedKmh may be null
 * @param alertId the alert it is out on; null when none
 * @param since when it was dispatched; null when not on an alert
 * @param ackDeadline when a dispatched unit must have acknowledged; null when not waiting
 * @param acknowledged it acknowledged its current dispatch
 * @param version how many changes this unit has had
 */
public record UnitState(
        FleetUnit unit,
        GeoPoint position,
        Instant positionAt,
        Double headingDeg,
        Double speedKmh,
        UnitStatus status,
        UUID alertId,
        Instant since,
        Instant ackDeadline,
        boolean acknowledged,
        long version) {

    static UnitState available(FleetUnit unit) {
        return new UnitState(unit, unit.position(), null, null, null, UnitStatus.AVAILABLE, null, null, null, false, 0);
    }

    UnitState dispatchedTo(UUID alert, Instant at, Instant deadline) {
        return new UnitState(
                unit,
                position,
                positionAt,
                headingDeg,
                speedKmh,
                UnitStatus.DISPATCHED,
                alert,
                at,
                deadline,
                false,
                version + 1);
    }

    UnitState cleared() {
        return new UnitState(
                unit,
                position,
                positionAt,
                headingDeg,
                speedKmh,
                UnitStatus.AVAILABLE,
                null,
                null,
                null,
                false,
                version + 1);
    }

    UnitState withStatus(UnitStatus next) {
        if (next == UnitStatus.AVAILABLE || next == UnitStatus.OUT_OF_SERVICE) {
            return new UnitState(
                    unit, position, positionAt, headingDeg, speedKmh, next, null, null, null, false, version + 1);
        }
        // EN_ROUTE / ON_SCENE imply an acknowledgement
        return new UnitState(
                unit, position, positionAt, headingDeg, speedKmh, next, alertId, since, null, true, version + 1);
    }

    UnitState acknowledgedNow() {
        return new UnitState(
                unit, position, positionAt, headingDeg, speedKmh, status, alertId, since, null, true, version + 1);
    }

    UnitState movedTo(GeoPoint where, Instant at, Double heading, Double speed) {
        return new UnitState(
                unit, where, at, heading, speed, status, alertId, since, ackDeadline, acknowledged, version + 1);
    }

    /** The unit as a selection candidate: its fleet data with its current position. */
    FleetUnit asCandidate() {
        return unit.position().equals(position) ? unit : unit.withPosition(position);
    }

    /** Its position is older than {@code maxAgeSeconds} at {@code now} (a station position never is). */
    public boolean isStale(Instant now, long maxAgeSeconds) {
        return positionAt != null && positionAt.plusSeconds(maxAgeSeconds).isBefore(now);
    }

    public boolean isAvailable() {
        return status == UnitStatus.AVAILABLE;
    }

    public String unitId() {
        return unit.unitId();
    }
}
