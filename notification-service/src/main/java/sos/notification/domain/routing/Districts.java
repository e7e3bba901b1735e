package sos.notification.domain.routing;

import java.util.List;
import sos.contracts.GeoPoint;

/** The districts of the routing file, in file order: a position belongs to the first district whose box holds it. */
public record Districts(List<District> all) {

    public static final Districts NONE = new Districts(List.of());

    public Districts {
        all = List.copyOf(all);
    }

    /** The district's name, or null when the position lies in none of them (or is unknown). */
    public String of(GeoPoint point) {
        return all.stream()
                .filter(d -> d.contains(point))
                .map(District::name)
                .findFirst()
                .orElse(null);
    }

    public boolean knows(String name) {
        return all.stream().anyMatch(d -> d.name().equals(name));
    }
}
