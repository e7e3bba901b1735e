package sos.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.core.io.DefaultResourceLoader;
import sos.contracts.GeoPoint;
import sos.ingest.domain.alert.ServiceArea;
import sos.ingest.domain.district.DistrictMap;
import sos.testsupport.Karachi;
import tools.jackson.databind.json.JsonMapper;

/** The bundled map of Karachi's districts: known places, consistency with the service area, validation at start. */
class DistrictMapTest {

    private static final String BUNDLED = "classpath:karachi-districts.geojson";
    private final DistrictMap map = DistrictMapLoader.load(new DefaultResourceLoader(), BUNDLED);

    @ParameterizedTest(name = "{0} is in {3}")
    @CsvSource({
        "Clifton, 24.8138, 67.0300, South",
        "Saddar, 24.8556, 67.0271, South",
        "Gulshan-e-Iqbal, 24.9210, 67.0937, East",
        "Korangi, 24.8310, 67.1310, Korangi",
        "Malir, 24.8936, 67.2081, Malir",
        "Orangi, 24.9500, 66.9930, West",
        "Keamari, 24.8167, 66.9833, Keamari",
        "Nazimabad, 24.9170, 67.0330, Central",
        "Baldia, 24.9170, 66.9670, Keamari",
        "North Nazimabad, 24.9400, 67.0400, Central",
        "Gulistan-e-Jauhar, 24.9100, 67.1300, East",
        "Landhi, 24.8480, 67.2000, Korangi",
        "Gadap, 25.1500, 67.3000, Malir",
        "Manghopir, 24.9900, 66.9800, West"
    })
    void shouldPlaceKnownPlacesInTheirDistrict(String place, double lat, double lon, String district) {
        assertThat(map.districtOf(new GeoPoint(lat, lon))).as(place).hasValue(district);
    }

    @Test
    void shouldBundleTheSevenDistrictsOfKarachi() {
        assertThat(map.districts())
                .extracting(DistrictMap.District::name)
                .containsExactlyInAnyOrder("Central", "East", "South", "West", "Korangi", "Malir", "Keamari");
        assertThat(map.districtOf(Karachi.CLIFTON)).hasValue("South");
        assertThat(map.districtOf(Karachi.HYDERABAD)).isEmpty();
    }

    @Test
    void shouldCoverExactlyTheDefaultServiceAreaWithNoOverlap() throws IOException {
        ServiceArea area = IngestConfiguration.serviceArea("Karachi division", defaultServiceArea());
        int inside = 0;
        // a grid over the division's bounding box, offset so that no point falls on a shared edge
        for (double lat = 24.65 + 1e-7; lat < 25.70; lat += 0.0091) {
            for (double lon = 66.55 + 1e-7; lon < 67.70; lon += 0.0097) {
                GeoPoint point = new GeoPoint(lat, lon);
                long districts =
                        map.districts().stream().filter(d -> d.contains(point)).count();
                assertThat(districts).as("districts containing %s", point).isLessThanOrEqualTo(1);
                assertThat(districts == 1)
                        .as("%s: in the service area iff in a district", point)
                        .isEqualTo(area.contains(point));
                inside += districts == 1 ? 1 : 0;
            }
        }
        assertThat(inside).isGreaterThan(5_000);
    }

    @Test
    void shouldRefuseAMapThatIsNotAFeatureCollection() {
        assertThatThrownBy(() -> parse("{\"type\":\"Feature\"}"))
                .hasMessageContaining("SOS_INGEST_DISTRICT_MAP=test.geojson")
                .hasMessageContaining("must be a GeoJSON FeatureCollection");
    }

    @Test
    void shouldRefuseADistrictWithoutAName() {
        assertThatThrownBy(() -> parse(collection("{}", square(67.0, 24.8))))
                .hasMessageContaining("features[0].properties.name");
    }

    @Test
    void shouldRefuseAnOpenRingNamingTheDistrict() {
        String open = "{\"type\":\"Polygon\",\"coordinates\":[[[67.0,24.8],[67.1,24.8],[67.1,24.9],[67.0,24.9]]]}";
        assertThatThrownBy(() -> parse(collection("{\"name\":\"South\"}", open)))
                .hasMessageContaining("features[0] (South).geometry.coordinates[0]")
                .hasMessageContaining("closed");
    }

    @Test
    void shouldRefuseLatitudeAndLongitudeSwappedOutOfRange() {
        String swapped =
                "{\"type\":\"Polygon\",\"coordinates\":[[[24.8,167.0],[24.8,167.1],[24.9,167.1],[24.8,167.0]]]}";
        assertThatThrownBy(() -> parse(collection("{\"name\":\"South\"}", swapped)))
                .hasMessageContaining("features[0] (South).geometry.coordinates[0][0]")
                .hasMessageContaining("not [longitude, latitude] in range");
    }

    @Test
    void shouldRefuseHolesAndOtherGeometries() {
        String point = "{\"type\":\"Point\",\"coordinates\":[67.0,24.8]}";
        assertThatThrownBy(() -> parse(collection("{\"name\":\"East\"}", point)))
                .hasMessageContaining("must be a Polygon or a non-empty MultiPolygon");
        String ring = "[[67.0,24.8],[67.1,24.8],[67.1,24.9],[67.0,24.8]]";
        String holed = "{\"type\":\"Polygon\",\"coordinates\":[" + ring + "," + ring + "]}";
        assertThatThrownBy(() -> parse(collection("{\"name\":\"East\"}", holed)))
                .hasMessageContaining("holes are not supported");
    }

    @Test
    void shouldRefuseADistrictDefinedTwice() {
        String twice = "{\"type\":\"FeatureCollection\",\"features\":[" + feature("East", square(67.0, 24.8)) + ","
                + feature("East", square(67.2, 24.8)) + "]}";
        assertThatThrownBy(() -> parse(twice)).hasMessageContaining("district East is defined twice");
    }

    @Test
    void shouldRefuseAMissingFileAndAcceptAMultiPolygon() {
        assertThatThrownBy(() -> DistrictMapLoader.load(new DefaultResourceLoader(), "file:/nonexistent/d.geojson"))
                .hasMessageContaining("the file does not exist");
        String multi = "{\"type\":\"MultiPolygon\",\"coordinates\":[" + polygonRings(67.0, 24.8) + ","
                + polygonRings(67.5, 24.8) + "]}";
        DistrictMap two = parse(collection("{\"name\":\"Islands\"}", multi));
        assertThat(two.districtOf(new GeoPoint(24.85, 67.55))).hasValue("Islands");
        assertThat(two.districtOf(new GeoPoint(24.85, 67.3))).isEmpty();
    }

    private static DistrictMap parse(String json) {
        return DistrictMapLoader.parse(
                "test.geojson", JsonMapper.builder().build().readTree(json));
    }

    private static String collection(String properties, String geometry) {
        return "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":" + properties
                + ",\"geometry\":" + geometry + "}]}";
    }

    private static String feature(String name, String geometry) {
        return "{\"type\":\"Feature\",\"properties\":{\"name\":\"" + name + "\"},\"geometry\":" + geometry + "}";
    }

    private static String square(double lon, double lat) {
        return "{\"type\":\"Polygon\",\"coordinates\":" + polygonRings(lon, lat) + "}";
    }

    private static String polygonRings(double lon, double lat) {
        return "[[[" + lon + "," + lat + "],[" + (lon + 0.1) + "," + lat + "],[" + (lon + 0.1) + "," + (lat + 0.1)
                + "],[" + lon + "," + (lat + 0.1) + "],[" + lon + "," + lat + "]]]";
    }

    /** The service area's default in application.yml ({@code ${SOS_INGEST_SERVICE_AREA:<default>}}). */
    private static String defaultServiceArea() throws IOException {
        try (InputStream in = DistrictMapTest.class.getResourceAsStream("/application.yml")) {
            String yml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            Matcher m =
                    Pattern.compile("\\$\\{SOS_INGEST_SERVICE_AREA:([^}]+)}").matcher(yml);
            assertThat(m.find()).isTrue();
            return m.group(1);
        }
    }
}
