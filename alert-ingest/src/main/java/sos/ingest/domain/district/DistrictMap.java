package sos.ingest.domain.district;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import sos.contracts.GeoPoint;
import sos.ingest.domain.alert.Polygon;

/**
 * The districts of the service area, each one or more polygons. A point is placed in the first district that contains
 * it; a point in none (the sea, outside the division) has no district.
 */
public final class DistrictMap {

    /** No districts: every alert goes out without one. */
    public static final DistrictMap NONE = new DistrictMap(List.of());

    private final List<District> districts;

    public DistrictMap(List<District> districts) {
        this.districts = List.copyOf(districts);
        Set<String> names = new HashSet<>();
        for (District district : this.districts) {
            if (!names.add(district.name())) {
                throw new IllegalArgumentException("district " + district.name() + " is defined twice");
            }
        }
    }

    public Optional<String> districtOf(GeoPoint point) {
        if (point == null) {
            return Optional.empty();
        }
        return districts.stream()
                .filter(d -> d.contains(point))
                .map(District::name)
                .findFirst();
    }

    public List<District> districts() {
        return districts;
    }

    /** One district: its name and the polygons (outer rings) of its area. */
    public record District(String name, List<Polygon> parts) {

        public District {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("a district needs a name");
            }
            parts = List.copyOf(parts);
            if (parts.isEmpty()) {
                throw new IllegalArgumentException("district " + name + " has no polygon");
            }
        }

        public boolean contains(GeoPoint point) {
            return parts.stream().anyMatch(p -> p.contains(point));
        }
    }
}
