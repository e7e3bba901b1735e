package sos.dispatch.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import sos.contracts.Agency;

class FleetFileTest {

    private static final String CLIFTON_CAR = """
              - unitId: KHI-PL-CLF-01
                callSign: Clifton Mobile 1
                agency: POLICE
                capability: PATROL_CAR
                station: Boat Basin Police Station
                district: South
                position: { lat: 24.8175, lon: 67.0282 }
            """;

    @Test
    void shouldLoadTheSeededKarachiFleet() throws IOException {
        Fleet fleet = FleetFile.parse("fleet/karachi.yml", seededFleet());

        assertThat(fleet.size()).isBetween(35, 50);
        assertThat(fleet.units()).extracting(FleetUnit::agency).contains(Agency.POLICE, Agency.RANGERS);
        assertThat(fleet.units().stream().map(FleetUnit::capability).collect(Collectors.toSet()))
                .isEqualTo(EnumSet.allOf(Capability.class));
        Set<String> districts = fleet.units().stream().map(FleetUnit::district).collect(Collectors.toSet());
        assertThat(districts).contains("South", "City", "East", "Korangi", "Malir", "Central", "West", "Keamari");
        assertThat(fleet.units()).allMatch(unit -> Fleet.insideKarachi(unit.position()));
        assertThat(fleet.unit("KHI-PL-CLF-01")).hasValueSatisfying(unit -> {
            assertThat(unit.callSign()).isEqualTo("Clifton Mobile 1");
            assertThat(unit.station()).isEqualTo("Boat Basin Police Station");
        });
    }

    @Test
    void shouldRejectTwoUnitsWithTheSameId() {
        InvalidFleetException error = invalid("units:\n" + CLIFTON_CAR + CLIFTON_CAR);

        assertThat(error.problems()).containsExactly("duplicate unitId KHI-PL-CLF-01");
    }

    @Test
    void shouldRejectAUnitPositionedOutsideKarachi() {
        String inHyderabad = CLIFTON_CAR.replace("lat: 24.8175, lon: 67.0282", "lat: 25.396, lon: 68.3578");

        InvalidFleetException error = invalid("units:\n" + inHyderabad);

        assertThat(error.problems()).singleElement().asString().contains("KHI-PL-CLF-01", "outside Karachi");
    }

    @Test
    void shouldNameEveryProblemOfTheFileAtOnce() {
        String yaml = "units:\n"
                + CLIFTON_CAR.replace("capability: PATROL_CAR", "capability: HELICOPTER")
                + CLIFTON_CAR.replace("KHI-PL-CLF-01", "KHI-PL-CLF-02").replace("    callSign: Clifton Mobile 1\n", "")
                + CLIFTON_CAR.replace("KHI-PL-CLF-01", "KHI-PL-CLF-03").replace("agency: POLICE", "agency: ARMY")
                + CLIFTON_CAR.replace("KHI-PL-CLF-01", "KHI-PL-CLF-04").replace("lat: 24.8175", "lat: north");

        InvalidFleetException error = invalid(yaml);

        assertThat(error.problems()).hasSize(4);
        assertThat(error.problems().get(0)).contains("units[0] (KHI-PL-CLF-01)", "capability 'HELICOPTER'");
        assertThat(error.problems().get(1)).contains("units[1] (KHI-PL-CLF-02)", "missing callSign");
        assertThat(error.problems().get(2)).contains("units[2] (KHI-PL-CLF-03)", "agency 'ARMY'");
        assertThat(error.problems().get(3)).contains("units[3] (KHI-PL-CLF-04)", "numeric lat and lon");
        assertThat(error.getMessage()).contains("test.yml", "HELICOPTER", "ARMY");
    }

    @Test
    void shouldRejectAFileWithoutAUnitsList() {
        assertThat(invalid("fleet: []\n").problems()).containsExactly("expected a top-level 'units' list");
        assertThat(invalid("units: [\n").problems()).singleElement().asString().startsWith("not valid YAML");
        assertThat(invalid("units: []\n").problems()).containsExactly("the fleet has no units");
    }

    private static InvalidFleetException invalid(String yaml) {
        return catchThrowableOfType(InvalidFleetException.class, () -> FleetFile.parse("test.yml", yaml));
    }

    private static String seededFleet() throws IOException {
        try (InputStream in = FleetFileTest.class.getResourceAsStream("/fleet/karachi.yml")) {
            assertThat(in).as("fleet/karachi.yml on the classpath").isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
