package sos.dispatch.domain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.Predicate;
import sos.contracts.Agency;
import sos.contracts.GeoPoint;

/**
 * A spatial index of units: per agency and capability, a uniform grid of {@code cellDeg} x {@code cellDeg} degree cells. The
 * soonest unit to a point is found by visiting rings of cells around the point's cell, nearest ring first, and
 * stopping as soon as the best ETA found is below a lower bound of the ETA of any unit in the next ring (the ring's
 * minimum great-circle distance x road factor / the capability's speed). The answer equals brute force exactly (same
 * ETA arithmetic, same tie-break by unit id). Not thread-safe: the {@link Dispatcher}'s lock guards it.
 */
public final class GridIndex implements Candidates {

    private static final double EARTH_RADIUS_KM = 6371.0088;

    private final double cellDeg;
    private final TravelTimes travelTimes;
    private final Map<Agency, Map<Capability, Grid>> grids = new EnumMap<>(Agency.class);
    private final Map<String, FleetUnit> indexed = new HashMap<>();

    public GridIndex(double cellDeg, TravelTimes travelTimes) {
        if (!(cellDeg > 0 && cellDeg <= 10)) {
            throw new IllegalArgumentException("cell size must be within (0, 10] degrees, was " + cellDeg);
        }
        this.cellDeg = cellDeg;
        this.travelTimes = travelTimes;
    }

    /** Adds the unit, or moves it to its new position. */
    public void put(FleetUnit unit) {
        remove(unit.unitId());
        indexed.put(unit.unitId(), unit);
        grids.computeIfAbsent(unit.agency(), a -> new EnumMap<>(Capability.class))
                .computeIfAbsent(unit.capability(), Grid::new)
                .add(unit);
    }

    public void remove(String unitId) {
        FleetUnit unit = indexed.remove(unitId);
        if (unit != null) {
            grids.get(unit.agency()).get(unit.capability()).remove(unit);
        }
    }

    public int size() {
        return indexed.size();
    }

    @Override
    public Optional<FleetUnit> soonest(
            GeoPoint location, Agency agency, Set<Capability> capabilities, Predicate<FleetUnit> suitable) {
        List<Grid> searched = gridsOf(agency, capabilities);
        FleetUnit best = null;
        double bestEta = Double.POSITIVE_INFINITY;
        for (Grid grid : searched) {
            Capability capability = grid.capability;
            double secondsPerKm = travelTimes.etaSecondsExact(capability, 1.0);
            int ci = index(location.lat());
            int cj = index(location.lon());
            int maxRing = grid.maxRingFrom(ci, cj);
            for (int ring = 0; ring <= maxRing; ring++) {
                if (best != null && bestEta < lowerBoundKm(location, ring) * secondsPerKm) {
                    break;
                }
                for (int i = ci - ring; i <= ci + ring; i++) {
                    boolean edgeRow = i == ci - ring || i == ci + ring;
                    int step = edgeRow ? 1 : Math.max(1, 2 * ring);
                    for (int j = cj - ring; j <= cj + ring; j += step) {
                        List<FleetUnit> cell = grid.cells.get(key(i, j));
                        if (cell == null) {
                            continue;
                        }
                        for (int k = 0, n = cell.size(); k < n; k++) {
                            FleetUnit unit = cell.get(k);
                            double eta = travelTimes.etaSecondsExact(
                                    capability, unit.position().distanceKmTo(location));
                            if ((eta < bestEta
                                            || (eta == bestEta && unit.unitId().compareTo(best.unitId()) < 0))
                                    && suitable.test(unit)) {
                                best = unit;
                                bestEta = eta;
                            }
                        }
                    }
                }
            }
        }
        return Optional.ofNullable(best);
    }

    /**
     * The {@code limit} soonest units: the same ring search, keeping the {@code limit} best found so far (worst on top
     * of a heap) and stopping in a grid when the worst kept is sooner than any unit of the next ring can be.
     */
    @Override
    public List<FleetUnit> ranked(
            GeoPoint location, Agency agency, Set<Capability> capabilities, Predicate<FleetUnit> suitable, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        PriorityQueue<Ranked> kept = new PriorityQueue<>(limit + 1, Ranked.SOONEST_FIRST.reversed());
        int ci = index(location.lat());
        int cj = index(location.lon());
        for (Grid grid : gridsOf(agency, capabilities)) {
            Capability capability = grid.capability;
            double secondsPerKm = travelTimes.etaSecondsExact(capability, 1.0);
            int maxRing = grid.maxRingFrom(ci, cj);
            for (int ring = 0; ring <= maxRing; ring++) {
                if (kept.size() == limit && kept.peek().eta() < lowerBoundKm(location, ring) * secondsPerKm) {
                    break;
                }
                for (int i = ci - ring; i <= ci + ring; i++) {
                    boolean edgeRow = i == ci - ring || i == ci + ring;
                    int step = edgeRow ? 1 : Math.max(1, 2 * ring);
                    for (int j = cj - ring; j <= cj + ring; j += step) {
                        List<FleetUnit> cell = grid.cells.get(key(i, j));
                        if (cell != null) {
                            keep(kept, limit, cell, capability, location, suitable);
                        }
                    }
                }
            }
        }
        List<Ranked> sorted = new ArrayList<>(kept);
        sorted.sort(Ranked.SOONEST_FIRST);
        List<FleetUnit> units = new ArrayList<>(sorted.size());
        sorted.forEach(ranked -> units.add(ranked.unit()));
        return units;
    }

    private void keep(
            PriorityQueue<Ranked> kept,
            int limit,
            List<FleetUnit> cell,
            Capability capability,
            GeoPoint location,
            Predicate<FleetUnit> suitable) {
        for (int k = 0, n = cell.size(); k < n; k++) {
            FleetUnit unit = cell.get(k);
            Ranked candidate = new Ranked(
                    unit,
                    travelTimes.etaSecondsExact(capability, unit.position().distanceKmTo(location)));
            if ((kept.size() < limit || Ranked.SOONEST_FIRST.compare(candidate, kept.peek()) < 0)
                    && suitable.test(unit)) {
                kept.add(candidate);
                if (kept.size() > limit) {
                    kept.poll();
                }
            }
        }
    }

    private record Ranked(FleetUnit unit, double eta) {

        static final Comparator<Ranked> SOONEST_FIRST = Comparator.comparingDouble(Ranked::eta)
                .thenComparing(ranked -> ranked.unit().unitId());
    }

    /** The non-empty grids of {@code agency} (null: any) and the given capabilities. */
    private List<Grid> gridsOf(Agency agency, Set<Capability> capabilities) {
        List<Grid> searched = new ArrayList<>();
        for (Map.Entry<Agency, Map<Capability, Grid>> byAgency : grids.entrySet()) {
            if (agency == null || byAgency.getKey() == agency) {
                for (Capability capability : capabilities) {
                    Grid grid = byAgency.getValue().get(capability);
                    if (grid != null && grid.count > 0) {
                        searched.add(grid);
                    }
                }
            }
        }
        return searched;
    }

    /**
     * A lower bound of the great-circle distance from {@code location} to any unit in a cell of ring {@code ring}
     * (ring 0 is the location's own cell): such a unit lies outside the box of the rings inside it, so it is at least
     * the distance to that box's nearest edge away, in latitude or in longitude. Slightly shrunk so that rounding never
     * excludes a unit.
     */
    private double lowerBoundKm(GeoPoint location, int ring) {
        if (ring == 0) {
            return 0;
        }
        int ci = index(location.lat());
        int cj = index(location.lon());
        double gapLatDeg = Math.min(location.lat() - (ci - ring + 1) * cellDeg, (ci + ring) * cellDeg - location.lat());
        double gapLonDeg = Math.min(location.lon() - (cj - ring + 1) * cellDeg, (cj + ring) * cellDeg - location.lon());
        double byLatitude = Math.toRadians(Math.max(0, gapLatDeg)) * EARTH_RADIUS_KM;
        double farthestLat = Math.min(90, Math.abs(location.lat()) + (ring + 1) * cellDeg);
        double cos = Math.cos(Math.toRadians(farthestLat));
        double halfGap = Math.toRadians(Math.min(Math.max(0, gapLonDeg), 180)) / 2;
        double byLongitude = 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, cos * Math.sin(halfGap)));
        return Math.min(byLatitude, byLongitude) * 0.999;
    }

    private int index(double degrees) {
        return (int) Math.floor(degrees / cellDeg);
    }

    private static long key(int i, int j) {
        return ((long) i << 32) | (j & 0xffffffffL);
    }

    /** The cells of one capability, and the range of cell indices in use (so that a search knows when to stop). */
    private final class Grid {

        final Capability capability;

        Grid(Capability capability) {
            this.capability = capability;
        }

        final Map<Long, List<FleetUnit>> cells = new HashMap<>();
        int count;
        int minI = Integer.MAX_VALUE;
        int maxI = Integer.MIN_VALUE;
        int minJ = Integer.MAX_VALUE;
        int maxJ = Integer.MIN_VALUE;

        /** The farthest ring around cell (ci, cj) that can hold a unit of this grid. */
        int maxRingFrom(int ci, int cj) {
            return Math.max(
                    Math.max(Math.abs(ci - minI), Math.abs(ci - maxI)),
                    Math.max(Math.abs(cj - minJ), Math.abs(cj - maxJ)));
        }

        void add(FleetUnit unit) {
            int i = index(unit.position().lat());
            int j = index(unit.position().lon());
            cells.computeIfAbsent(key(i, j), k -> new ArrayList<>(4)).add(unit);
            count++;
            minI = Math.min(minI, i);
            maxI = Math.max(maxI, i);
            minJ = Math.min(minJ, j);
            maxJ = Math.max(maxJ, j);
        }

        void remove(FleetUnit unit) {
            long key = key(index(unit.position().lat()), index(unit.position().lon()));
            List<FleetUnit> cell = cells.get(key);
            if (cell != null && cell.remove(unit)) {
                count--;
                if (cell.isEmpty()) {
                    cells.remove(key);
                }
            }
        }
    }
}
