package sos.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import sos.contracts.GeoPoint;
import sos.ingest.domain.alert.Polygon;
import sos.ingest.domain.district.DistrictMap;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the district map from a GeoJSON {@code FeatureCollection}: one feature per district, {@code properties.name}
 * its name, a {@code Polygon} or {@code MultiPolygon} geometry of outer rings ({@code [lon, lat]}, closed, no holes).
 * Everything is checked at startup; each error names the location and the feature.
 */
final class DistrictMapLoader {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private DistrictMapLoader() {}

    /** {@code location} is a Spring resource location ({@code classpath:...}, {@code file:...}); blank = no districts. */
    static DistrictMap load(ResourceLoader loader, String location) {
        if (location == null || location.isBlank()) {
            return DistrictMap.NONE;
        }
        Resource resource = loader.getResource(location.trim());
        if (!resource.exists()) {
            throw invalid(location, "the file does not exist");
        }
        try (InputStream in = resource.getInputStream()) {
            return parse(location, MAPPER.readTree(in));
        } catch (IOException | JacksonException e) {
            throw invalid(location, "not readable GeoJSON: " + e.getMessage());
        }
    }

    static DistrictMap parse(String location, JsonNode root) {
        if (root == null || !"FeatureCollection".equals(root.path("type").asString(""))) {
            throw invalid(location, "must be a GeoJSON FeatureCollection");
        }
        JsonNode features = root.path("features");
        if (!features.isArray() || features.isEmpty()) {
            throw invalid(location, "features: must list at least one district");
        }
        List<DistrictMap.District> districts = new ArrayList<>();
        for (int i = 0; i < features.size(); i++) {
            JsonNode feature = features.get(i);
            String where = "features[" + i + "]";
            String name = feature.path("properties").path("name").asString("").trim();
            if (name.isEmpty()) {
                throw invalid(location, where + ".properties.name: every district needs a name");
            }
            where += " (" + name + ")";
            districts.add(new DistrictMap.District(name, polygons(location, where, feature.path("geometry"))));
        }
        try {
            return new DistrictMap(districts);
        } catch (IllegalArgumentException e) {
            throw invalid(location, e.getMessage());
        }
    }

    private static List<Polygon> polygons(String location, String where, JsonNode geometry) {
        String type = geometry.path("type").asString("");
        JsonNode coordinates = geometry.path("coordinates");
        List<Polygon> parts = new ArrayList<>();
        if (type.equals("Polygon")) {
            parts.add(polygon(location, where + ".geometry.coordinates", coordinates));
        } else if (type.equals("MultiPolygon") && coordinates.isArray() && !coordinates.isEmpty()) {
            for (int p = 0; p < coordinates.size(); p++) {
                parts.add(polygon(location, where + ".geometry.coordinates[" + p + "]", coordinates.get(p)));
            }
        } else {
            throw invalid(location, where + ".geometry: must be a Polygon or a non-empty MultiPolygon");
        }
        return parts;
    }

    private static Polygon polygon(String location, String where, JsonNode rings) {
        if (!rings.isArray() || rings.size() != 1) {
            throw invalid(location, where + ": must be exactly one outer ring (holes are not supported)");
        }
        JsonNode ring = rings.get(0);
        if (!ring.isArray() || ring.size() < 4) {
            throw invalid(location, where + "[0]: a ring needs at least four positions (three corners, closed)");
        }
        List<GeoPoint> vertices = new ArrayList<>();
        for (int v = 0; v < ring.size(); v++) {
            JsonNode position = ring.get(v);
            String at = where + "[0][" + v + "]";
            if (!position.isArray()
                    || position.size() < 2
                    || !position.get(0).isNumber()
                    || !position.get(1).isNumber()) {
                throw invalid(location, at + ": must be [longitude, latitude]");
            }
            double lon = position.get(0).asDouble();
            double lat = position.get(1).asDouble();
            if (lon < -180 || lon > 180 || lat < -90 || lat > 90) {
                throw invalid(location, at + ": [" + lon + ", " + lat + "] is not [longitude, latitude] in range");
            }
            vertices.add(new GeoPoint(lat, lon));
        }
        if (!vertices.get(0).equals(vertices.get(vertices.size() - 1))) {
            throw invalid(location, where + "[0]: the ring must be closed (last position = first)");
        }
        return new Polygon(vertices.subList(0, vertices.size() - 1));
    }

    private static IllegalArgumentException invalid(String location, String problem) {
        return new IllegalArgumentException(
                "sos.ingest.district-map (SOS_INGEST_DISTRICT_MAP=" + location.trim() + ") is invalid: " + problem);
    }
}
