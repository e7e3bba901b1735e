package sos.dispatch;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import sos.contracts.GeoPoint;

/**
 * A GPS fix as the unit API takes it, from the unit itself or within a gateway's batch: the constraints here are the
 * validation of both.
 *
 * @param at the GPS fix time; now when absent
 */
record PositionReport(
        @NotNull @DecimalMin("-90") @DecimalMax("90") Double lat,
        @NotNull @DecimalMin("-180") @DecimalMax("180") Double lon,
        Instant at,
        @DecimalMin("0") @DecimalMax("360") Double headingDeg,
        @DecimalMin("0") @DecimalMax("400") Double speedKmh) {

    GeoPoint position() {
        return new GeoPoint(lat, lon);
    }
}
