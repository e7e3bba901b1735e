package sos.dispatch.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static sos.dispatch.domain.Fixtures.north;
import static sos.dispatch.domain.Fixtures.police;
import static sos.dispatch.domain.Fixtures.rangers;

import java.util.List;
import org.junit.jupiter.api.Test;
import sos.contracts.Agency;
import sos.contracts.AlertType;
import sos.contracts.GeoPoint;
import sos.contracts.Severity;
import sos.contracts.UnitsAssigned.Assignment;
import sos.testsupport.Karachi;

class UnitSelectorTest {

    private final UnitSelector selector = Fixtures.selector();

    private final FleetUnit cliftonCar = police("KHI-PL-CLF-01", Capability.PATROL_CAR, Karachi.CLIFTON);
    private final FleetUnit saddarCar = police("KHI-PL-SDR-01", Capability.PATROL_CAR, Karachi.SADDAR);
    private final FleetUnit gulshanCar = police("KHI-PL-GLS-01", Capability.PATROL_CAR, Karachi.GULSHAN);
    private final FleetUnit saddarQrf = police("KHI-PL-QRF-01", Capability.QUICK_RESPONSE_FORCE, Karachi.SADDAR);
    private final FleetUnit korangiRangers = rangers("KHI-RG-QRF-01", Capability.RANGERS_QRF, Karachi.KORANGI);
    private final FleetUnit orangiRangers = rangers("KHI-RG-QRF-02", Capability.RANGERS_QRF, Karachi.ORANGI);

    @Test
    void shouldSendTheNearestPoliceUnitToAMediumAlert() {
        List<Assignment> chosen = select(AlertType.MEDICAL, Karachi.CLIFTON, gulshanCar, saddarCar, cliftonCar);

        assertThat(chosen).extracting(Assignment::unitId).containsExactly("KHI-PL-CLF-01");
        assertThat(selector.requested(AlertType.MEDICAL, Severity.MEDIUM)).isEqualTo(1);
    }

    @Test
    void shouldSendOnePoliceAndOneRangersUnitToAHighAlert() {
        List<Assignment> chosen =
                select(AlertType.INTRUSION, Karachi.AIRPORT, cliftonCar, gulshanCar, korangiRangers, orangiRangers);

        assertThat(chosen).extracting(Assignment::unitId).containsExactlyInAnyOrder("KHI-PL-GLS-01", "KHI-RG-QRF-01");
        assertThat(selector.requested(AlertType.INTRUSION, Severity.HIGH)).isEqualTo(2);
    }

    @Test
    void shouldSendTwoPoliceUnitsIncludingAQuickResponseForceAndOneRangersUnitToACriticalAlert() {
        FleetUnit secondCliftonCar = police("KHI-PL-CLF-02", Capability.PATROL_CAR, north(Karachi.CLIFTON, 0.5));

        List<Assignment> chosen = select(
                AlertType.ARMED_ATTACK,
                Karachi.CLIFTON,
                cliftonCar,
                secondCliftonCar,
                saddarQrf,
                gulshanCar,
                korangiRangers,
                orangiRangers);

        assertThat(chosen)
                .extracting(Assignment::unitId)
                .containsExactlyInAnyOrder("KHI-PL-CLF-01", "KHI-PL-QRF-01", "KHI-RG-QRF-01");
        assertThat(chosen).filteredOn(a -> a.agency() == Agency.POLICE).hasSize(2);
        assertThat(chosen).filteredOn(a -> a.agency() == Agency.RANGERS).hasSize(1);
        assertThat(selector.requested(AlertType.ARMED_ATTACK, Severity.CRITICAL))
                .isEqualTo(3);
    }

    @Test
    void shouldSendTheTwoNearestPoliceUnitsToACriticalAlertWhenNoQuickResponseForceIsAvailable() {
        List<Assignment> chosen =
                select(AlertType.ARMED_ATTACK, Karachi.CLIFTON, gulshanCar, saddarCar, cliftonCar, korangiRangers);

        assertThat(chosen)
                .extracting(Assignment::unitId)
                .containsExactly("KHI-PL-CLF-01", "KHI-PL-SDR-01", "KHI-RG-QRF-01");
    }

    @Test
    void shouldListTheAssignmentsNearestFirst() {
        List<Assignment> chosen =
                select(AlertType.ARMED_ATTACK, Karachi.CLIFTON, orangiRangers, gulshanCar, saddarQrf, cliftonCar);

        assertThat(chosen)
                .extracting(Assignment::unitId)
                .containsExactly("KHI-PL-CLF-01", "KHI-PL-QRF-01", "KHI-RG-QRF-02");
        assertThat(chosen).extracting(Assignment::distanceKm).isSorted();
    }

    @Test
    void shouldAssignNoUnitWhenNoneIsAvailable() {
        List<Assignment> chosen = select(AlertType.ARMED_ATTACK, Karachi.CLIFTON);

        assertThat(chosen).isEmpty();
        assertThat(selector.requested(AlertType.ARMED_ATTACK, Severity.CRITICAL))
                .isEqualTo(3);
    }

    @Test
    void shouldAssignNoUnitOfTheWrongAgencyWhenTheRightOneIsMissing() {
        List<Assignment> chosen = select(AlertType.MEDICAL, Karachi.CLIFTON, korangiRangers, orangiRangers);

        assertThat(chosen).isEmpty();
    }

    @Test
    void shouldNotSendABombDisposalSquadToAnAlertThatIsNotABombThreat() {
        FleetUnit bombSquadNextDoor = police("KHI-PL-BDS-01", Capability.BOMB_DISPOSAL, Karachi.CLIFTON);

        List<Assignment> chosen = select(AlertType.MEDICAL, Karachi.CLIFTON, bombSquadNextDoor, saddarCar);

        assertThat(chosen).extracting(Assignment::unitId).containsExactly("KHI-PL-SDR-01");
    }

    @Test
    void shouldAddTheNearestBombDisposalSquadToABombThreat() {
        FleetUnit saddarBombSquad = police("KHI-PL-BDS-01", Capability.BOMB_DISPOSAL, Karachi.SADDAR);
        FleetUnit airportBombSquad = police("KHI-PL-BDS-02", Capability.BOMB_DISPOSAL, Karachi.AIRPORT);

        List<Assignment> chosen = select(
                AlertType.BOMB_THREAT,
                Karachi.CLIFTON,
                airportBombSquad,
                saddarBombSquad,
                cliftonCar,
                saddarQrf,
                korangiRangers);

        assertThat(chosen)
                .extracting(Assignment::unitId)
                .containsExactlyInAnyOrder("KHI-PL-BDS-01", "KHI-PL-CLF-01", "KHI-PL-QRF-01", "KHI-RG-QRF-01");
        assertThat(selector.requested(AlertType.BOMB_THREAT, Severity.CRITICAL)).isEqualTo(4);
    }

    @Test
    void shouldEstimateArrivalFromRoadDistanceAtTheCapabilitySpeedRoundedUpToSeconds() {
        GeoPoint alertAt = Karachi.CLIFTON;
        GeoPoint tenthOfADegreeNorth = new GeoPoint(alertAt.lat() + 0.1, alertAt.lon());
        FleetUnit car = police("KHI-PL-CAR-01", Capability.PATROL_CAR, tenthOfADegreeNorth);
        FleetUnit motorcycle = police("KHI-PL-MC-01", Capability.MOTORCYCLE, tenthOfADegreeNorth);

        Assignment byCar = select(AlertType.MEDICAL, alertAt, car).get(0);
        Assignment byMotorcycle = select(AlertType.MEDICAL, alertAt, motorcycle).get(0);

        // 0.1 degree of latitude is 11.1195 km; x 1.4 road factor = 15.567 km
        assertThat(byCar.distanceKm()).isEqualTo(11.12);
        assertThat(byCar.etaSeconds()).isEqualTo(1869); // at 30 km/h: 1868.08 s
        assertThat(byMotorcycle.etaSeconds()).isEqualTo(1602); // at 35 km/h: 1601.21 s
    }

    @Test
    void shouldDescribeEachAssignedUnit() {
        Assignment assignment =
                select(AlertType.MEDICAL, Karachi.CLIFTON, cliftonCar).get(0);

        assertThat(assignment.callSign()).isEqualTo("KHI-PL-CLF-01 call sign");
        assertThat(assignment.agency()).isEqualTo(Agency.POLICE);
        assertThat(assignment.capability()).isEqualTo("PATROL_CAR");
        assertThat(assignment.station()).isEqualTo("KHI-PL-CLF-01 station");
        assertThat(assignment.position()).isEqualTo(Karachi.CLIFTON);
        assertThat(assignment.distanceKm()).isZero();
        assertThat(assignment.etaSeconds()).isZero();
    }

    private List<Assignment> select(AlertType type, GeoPoint location, FleetUnit... available) {
        return selector.select(type, type.defaultSeverity(), location, List.of(available));
    }

    @Test
    void shouldRecordTheRankedCandidatesTheChoiceCameFromSoonestFirstWithTheirEtas() {
        FleetUnit secondCliftonCar = police("KHI-PL-CLF-02", Capability.PATROL_CAR, north(Karachi.CLIFTON, 0.5));
        List<FleetUnit> available =
                List.of(gulshanCar, cliftonCar, secondCliftonCar, saddarCar, saddarQrf, korangiRangers, orangiRangers);

        Selection selection = selector.choose(
                AlertType.ARMED_ATTACK,
                Severity.CRITICAL,
                false,
                Karachi.CLIFTON,
                new BruteForceCandidates(available, Fixtures.travelTimes()));

        assertThat(selection.candidates())
                .as("every available unit of the rule's agencies, soonest first")
                .extracting(Assignment::unitId)
                .containsExactlyInAnyOrder(
                        "KHI-PL-CLF-01",
                        "KHI-PL-CLF-02",
                        "KHI-PL-SDR-01",
                        "KHI-PL-QRF-01",
                        "KHI-PL-GLS-01",
                        "KHI-RG-QRF-01",
                        "KHI-RG-QRF-02");
        assertThat(selection.candidates()).extracting(Assignment::etaSeconds).isSorted();
        assertThat(selection.candidates().get(0).unitId()).isEqualTo("KHI-PL-CLF-01");
        assertThat(selection.candidates()).containsAll(selection.assignments());
        assertThat(selection.candidates())
                .as("the candidate not chosen carries its ETA too")
                .filteredOn(candidate -> candidate.unitId().equals("KHI-PL-SDR-01"))
                .singleElement()
                .satisfies(candidate -> assertThat(candidate.etaSeconds()).isPositive());
    }

    @Test
    void shouldBoundTheRankedCandidatesPerRequirement() {
        List<FleetUnit> many = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) {
            many.add(police(String.format("P%02d", i), Capability.PATROL_CAR, north(Karachi.CLIFTON, 0.1 * i)));
        }

        Selection selection = selector.choose(
                AlertType.MEDICAL,
                Severity.MEDIUM,
                false,
                Karachi.CLIFTON,
                new BruteForceCandidates(many, Fixtures.travelTimes()));

        assertThat(selection.candidates())
                .extracting(Assignment::unitId)
                .containsExactly("P00", "P01", "P02", "P03", "P04", "P05", "P06", "P07", "P08", "P09");
        assertThat(selection.candidates()).hasSize(UnitSelector.CANDIDATES_PER_REQUIREMENT);
        assertThat(selection.assignments()).extracting(Assignment::unitId).containsExactly("P00");
    }
}
