package sos.ingest.domain.alert;

import java.util.List;
import sos.contracts.GeoPoint;

/**
 * A simple polygon of lat/lon vertices (not closed, at least three), tested with the even-odd rule. Points on an edge
 * may fall either way; neighbouring polygons that share their edge vertices exactly never both contain a point.
 */
public record Polygon(List<GeoPoint> vertices) {

    public Polygon {
        vertices = List.copyOf(vertices);
        if (vertices.size() < 3) {
            throw new IllegalArgumentException("a polygon needs at least three vertices");
        }
    }

    public boolean contains(GeoPoint point) {
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
