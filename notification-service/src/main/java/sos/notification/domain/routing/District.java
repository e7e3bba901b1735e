package sos.notification.domain.routing;

import java.util.Objects;
import sos.contracts.GeoPoint;

/**
 * A coarse district of the city as a latitude/longitude box, from the routing file. Good enough to route an alert to
 * the district's operations room; not a map.
 */
public record District(String name, double south, double west, double north, double east) {

    public District {
        Objects.requireNonNull(name, "name");
    }

    public boolean contains(GeoPoint point) {
        return point != null
                && point.lat() >= south
                && point.lat() <= north
                && point.lon() >= west
                && point.lon() <= east;
    }
}
