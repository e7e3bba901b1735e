package sos.dispatch.domain;

import java.time.Instant;
import java.util.Objects;
import sos.contracts.GeoPoint;

/**
 * One GPS fix of one unit, as a gateway (AVL) relays it.
 *
 * @param at the fix time; now when null
 * @param headingDeg optional
 * @param speedKmh optional
 */
public record PositionFix(String unitId, GeoPoint position, Instant at, Double headingDeg, Double speedKmh) {

    public PositionFix {
        Objects.requireNonNull(unitId, "unitId");
        Objects.requireNonNull(position, "position");
    }
}
