package sos.dispatch.domain;

import java.util.Objects;
import sos.contracts.Agency;
import sos.contracts.GeoPoint;

/**
 * One police or Rangers unit of the fleet, as seeded from the fleet file.
 *
 * @param unitId stable id, e.g. {@code KHI-PL-CLF-01}
 * @param callSign what the control room calls it on the radio
 * @param station the police station or Rangers post it works from
 * @param district the Karachi district it belongs to
 * @param position where it is (for now: its station; later: its last GPS fix)
 */
public record FleetUnit(
        String unitId,
        String callSign,
        Agency agency,
        Capability capability,
        String station,
        String district,
        GeoPoint position) {

    public FleetUnit {
        Objects.requireNonNull(unitId, "unitId");
        Objects.requireNonNull(callSign, "callSign");
        Objects.requireNonNull(agency, "agency");
        Objects.requireNonNull(capability, "capability");
        Objects.requireNonNull(station, "station");
        Objects.requireNonNull(district, "district");
        Objects.requireNonNull(position, "position");
    }

    /** The same unit somewhere else. */
    public FleetUnit withPosition(GeoPoint where) {
        return new FleetUnit(unitId, callSign, agency, capability, station, district, where);
    }
}
