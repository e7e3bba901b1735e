package sos.ingest.domain.alert;

import java.util.List;
import sos.contracts.GeoPoint;

/**
 * Where the platform has responders: a simple polygon (lat/lon vertices, not closed, at least three), tested with the
 * even-odd rule. Points on an edge may fall either way; the polygon should have a margin.
 */
public final class ServiceArea {

    /** No restriction (tests of other rules). */
    public static final ServiceArea EVERYWHERE = new ServiceArea("everywhere", List.of());

    private final String name;
    private final List<GeoPoint> vertices;

    public ServiceArea(String name, List<GeoPoint> vertices) {
        this.name = name;
        this.vertices = List.copyOf(vertices);
        if (!this.vertices.isEmpty() && this.vertices.size() < 3) {
            throw new IllegalArgumentException("a service area needs at least three vertices");
        }
    }

    public String name() {
        return name;
    }

    public boolean contains(GeoPoint point) {
        if (vertices.isEmpty()) {
            return true;
        }
        boolean inside = false;
        for (int i = 0, j = vertices.size() - 1; i < vertices.size(); j = i++) {
            GeoPoint a = vertices.get(i);
            GeoPoint b = vertices.get(j);
            if ((a.lat() > point.lat()) != (b.lat() > point.lat())
                    && point.lon() < (b.lon() - a.lon()) * (point.lat() - a.lat()) / (b.lat() - a.lat()) + a.lon()) {
                inside = !inside;
            }
        }
        return inside;
    }
}
