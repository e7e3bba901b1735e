package sos.contracts;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * The whole state of one unit after a change (a position report, a status change, a dispatch), so that the latest
 * record per unit on the compacted topic is enough to rebuild it.
 *
 * @param capability e.g. {@code PATROL_CAR}, {@code QUICK_RESPONSE_FORCE}, {@code RANGERS_QRF}
 * @param positionAt when the unit was at {@code position} (its GPS fix time)
 * @param headingDeg degrees clockwise from north; may be null
 * @param speedKmh may be null
 * @param status {@code AVAILABLE}, {@code DISPATCHED}, {@code EN_ROUTE}, {@code ON_SCENE}, {@code OUT_OF_SERVICE}
 * @param alertId the alert it is out on; null when none
 * @param ackDeadline when a {@code DISPATCHED} unit must have acknowledged; null when not waiting for one
 * @param acknowledged whether the unit acknowledged its current dispatch
 * @param reason what changed, in words
 * @param version counts the changes of this unit, from 1; a reader keeps the record with the highest version
 */
public record UnitStateChanged(
        UUID eventId,
        Instant occurredAt,
        String unitId,
        String callSign,
        Agency agency,
        String capability,
        String station,
        String district,
        GeoPoint position,
        Instant positionAt,
        Double headingDeg,
        Double speedKmh,
        String status,
        UUID alertId,
        Instant ackDeadline,
        boolean acknowledged,
        String reason,
        long version)
        implements UnitEvent {

    public UnitStateChanged {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(unitId, "unitId");
        Objects.requireNonNull(agency, "agency");
        Objects.requireNonNull(capability, "capability");
        Objects.requireNonNull(position, "position");
        Objects.requireNonNull(status, "status");
    }
}
