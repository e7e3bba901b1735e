package sos.dispatch.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import sos.contracts.Agency;
import sos.contracts.AlertType;
import sos.contracts.GeoPoint;
import sos.contracts.Severity;

/** The spatial index must choose exactly what looking at every unit chooses. */
class GridIndexTest {

    private static final Capability[] CAPABILITIES = Capability.values();

    static List<FleetUnit> randomUnits(Random random, int count) {
        List<FleetUnit> units = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Capability capability = CAPABILITIES[random.nextInt(CAPABILITIES.length)];
            Agency agency = capability.name().startsWith("RANGERS") ? Agency.RANGERS : Agency.POLICE;
            units.add(new FleetUnit(
                    String.format("U%07d", i), "u" + i, agency, capability, "s", "d", randomPoint(random)));
        }
        return units;
    }

    static GeoPoint randomPoint(Random random) {
        return new GeoPoint(
                Fleet.MIN_LAT + random.nextDouble() * (Fleet.MAX_LAT - Fleet.MIN_LAT),
                Fleet.MIN_LON + random.nextDouble() * (Fleet.MAX_LON - Fleet.MIN_LON));
    }

    @Test
    void shouldSelectExactlyWhatBruteForceSelectsOnTenThousandRandomQueries() {
        Random random = new Random(20261125);
        // 2,000 units keep brute force (the slow side) to seconds; the index is exercised sparse and dense below
        List<FleetUnit> units = randomUnits(random, 2_000);
        UnitSelector selector = Fixtures.selector();
        GridIndex index = new GridIndex(Dispatcher.INDEX_CELL_DEGREES, Fixtures.travelTimes());
        units.forEach(index::put);
        BruteForceCandidates bruteForce = new BruteForceCandidates(units, Fixtures.travelTimes());
        AlertType[] types = AlertType.values();

        int compared = 0;
        for (int query = 0; query < 10_000; query++) {
            AlertType type = types[random.nextInt(types.length)];
            Severity severity = type.defaultSeverity();
            GeoPoint location = randomPoint(random);

            boolean drill = random.nextInt(10) == 0;
            Selection expected = selector.choose(type, severity, drill, location, bruteForce);
            Selection actual = selector.choose(type, severity, drill, location, index);

            assertThat(actual).as("query %d at %s", query, location).isEqualTo(expected);
            assertThat(actual.candidates())
                    .as("every unit sent is among the ranked candidates")
                    .containsAll(actual.assignments());
            compared += expected.assignments().size();
        }
        assertThat(compared).isGreaterThan(10_000);
    }

    @Test
    void shouldRankTheSoonestUnitsExactlyLikeBruteForce() {
        Random random = new Random(4711);
        List<FleetUnit> units = randomUnits(random, 3_000);
        GridIndex index = new GridIndex(Dispatcher.INDEX_CELL_DEGREES, Fixtures.travelTimes());
        units.forEach(index::put);
        BruteForceCandidates bruteForce = new BruteForceCandidates(units, Fixtures.travelTimes());
        Agency[] agencies = {null, Agency.POLICE, Agency.RANGERS};
        int full = 0;

        for (int query = 0; query < 2_000; query++) {
            GeoPoint location = randomPoint(random);
            Agency agency = agencies[random.nextInt(agencies.length)];
            EnumSet<Capability> capabilities = EnumSet.noneOf(Capability.class);
            for (Capability capability : CAPABILITIES) {
                if (random.nextBoolean()) {
                    capabilities.add(capability);
                }
            }
            int limit = 1 + random.nextInt(15);
            int skip = 2 + random.nextInt(5);
            Predicate<FleetUnit> suitable = unit -> unit.unitId().hashCode() % skip != 0;

            List<FleetUnit> expected = bruteForce.ranked(location, agency, capabilities, suitable, limit);
            List<FleetUnit> actual = index.ranked(location, agency, capabilities, suitable, limit);

            assertThat(actual).as("query %d at %s", query, location).isEqualTo(expected);
            full += actual.size() == limit ? 1 : 0;
        }
        assertThat(full).as("queries that found as many units as asked").isGreaterThan(1_000);
    }

    @Test
    void shouldFindARareCapabilityFarAwayAndFollowMovesAndRemovals() {
        Random random = new Random(7);
        GridIndex index = new GridIndex(0.01, Fixtures.travelTimes());
        List<FleetUnit> units = new ArrayList<>(randomUnits(random, 2_000));
        units.removeIf(unit -> unit.capability() == Capability.BOMB_DISPOSAL);
        units.forEach(index::put);
        FleetUnit squad = new FleetUnit(
                "BDS", "BDS", Agency.POLICE, Capability.BOMB_DISPOSAL, "s", "d", new GeoPoint(25.29, 67.59));
        index.put(squad);
        Set<Capability> bomb = EnumSet.of(Capability.BOMB_DISPOSAL);
        GeoPoint southWest = new GeoPoint(24.71, 66.61);

        assertThat(index.soonest(southWest, null, bomb, unit -> true)).contains(squad);
        FleetUnit moved = squad.withPosition(new GeoPoint(24.72, 66.62));
        index.put(moved);
        assertThat(index.soonest(new GeoPoint(25.29, 67.59), null, bomb, unit -> true))
                .contains(moved);
        index.remove("BDS");
        assertThat(index.soonest(southWest, null, bomb, unit -> true)).isEmpty();
        assertThat(index.size()).isEqualTo(units.size());
    }
}
