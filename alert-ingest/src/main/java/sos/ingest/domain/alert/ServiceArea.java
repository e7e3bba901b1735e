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
    private final Polygon polygon;

    public ServiceArea(String name, List<GeoPoint> vertices) {
        this.name = name;
        this.polygon = vertices.isEmpty() ? null : new Polygon(vertices);
    }

    public String name() {
        return name;
    }

    public boolean contains(GeoPoint point) {
        return polygon == null || polygon.contains(point);
    }
}
