package sos.dispatch.domain;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import sos.contracts.GeoPoint;

/** The seeded, validated fleet: every unit once, every unit inside Karachi. Immutable. */
public final class Fleet {

    /** Karachi division, roughly: from the Hub river to Gharo creek, from the coast to the northern hills. */
    public static final double MIN_LAT = 24.7;

    public static final double MAX_LAT = 25.3;
    public static final double MIN_LON = 66.6;
    public static final double MAX_LON = 67.6;

    private final Map<String, FleetUnit> units;

    private Fleet(Map<String, FleetUnit> units) {
        this.units = units;
    }

    /** Validates and builds; throws {@link InvalidFleetException} naming every problem. */
    public static Fleet of(String source, Collection<FleetUnit> units) {
        List<String> problems = problemsOf(units);
        if (!problems.isEmpty()) {
            throw new InvalidFleetException(source, problems);
        }
        Map<String, FleetUnit> byId = new LinkedHashMap<>();
        units.forEach(unit -> byId.put(unit.unitId(), unit));
        return new Fleet(Map.copyOf(byId));
    }

    static List<String> problemsOf(Collection<FleetUnit> units) {
        List<String> problems = new ArrayList<>();
        if (units.isEmpty()) {
            problems.add("the fleet has no units");
        }
        Set<String> seen = new HashSet<>();
        for (FleetUnit unit : units) {
            String id = unit.unitId();
            if (id.isBlank()) {
                problems.add("a unit has a blank unitId");
            } else if (!seen.add(id)) {
                problems.add("duplicate unitId " + id);
            }
            if (unit.callSign().isBlank()) {
                problems.add(id + ": blank callSign");
            }
            if (unit.station().isBlank()) {
                problems.add(id + ": blank station");
            }
            if (unit.district().isBlank()) {
                problems.add(id + ": blank district");
            }
            if (!insideKarachi(unit.position())) {
                problems.add(id + ": position " + unit.position().lat() + ", "
                        + unit.position().lon()
                        + " is outside Karachi (" + MIN_LAT + ".." + MAX_LAT + " N, " + MIN_LON + ".." + MAX_LON
                        + " E)");
            }
        }
        return problems;
    }

    public static boolean insideKarachi(GeoPoint point) {
        return point.lat() >= MIN_LAT && point.lat() <= MAX_LAT && point.lon() >= MIN_LON && point.lon() <= MAX_LON;
    }

    /** Every unit, ordered by unitId. */
    public List<FleetUnit> units() {
        return units.values().stream()
                .sorted(Comparator.comparing(FleetUnit::unitId))
                .toList();
    }

    public Optional<FleetUnit> unit(String unitId) {
        return Optional.ofNullable(units.get(unitId));
    }

    public int size() {
        return units.size();
    }
}
