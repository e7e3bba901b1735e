package sos.dispatch.domain;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import sos.contracts.Agency;
import sos.contracts.GeoPoint;

/** Looks at every unit: the baseline the spatial index is measured and checked against. */
public final class BruteForceCandidates implements Candidates {

    private final List<FleetUnit> units;
    private final TravelTimes travelTimes;

    public BruteForceCandidates(Collection<FleetUnit> units, TravelTimes travelTimes) {
        this.units = List.copyOf(units);
        this.travelTimes = travelTimes;
    }

    @Override
    public Optional<FleetUnit> soonest(
            GeoPoint location, Agency agency, Set<Capability> capabilities, Predicate<FleetUnit> suitable) {
        FleetUnit best = null;
        double bestEta = Double.POSITIVE_INFINITY;
        for (FleetUnit unit : units) {
            if ((agency != null && unit.agency() != agency)
                    || !capabilities.contains(unit.capability())
                    || !suitable.test(unit)) {
                continue;
            }
            double eta = travelTimes.etaSecondsExact(
                    unit.capability(), unit.position().distanceKmTo(location));
            if (eta < bestEta || (eta == bestEta && unit.unitId().compareTo(best.unitId()) < 0)) {
                best = unit;
                bestEta = eta;
            }
        }
        return Optional.ofNullable(best);
    }

    @Override
    public List<FleetUnit> ranked(
            GeoPoint location, Agency agency, Set<Capability> capabilities, Predicate<FleetUnit> suitable, int limit) {
        record Ranked(FleetUnit unit, double eta) {}
        Comparator<Ranked> soonestFirst = Comparator.comparingDouble(Ranked::eta)
                .thenComparing(ranked -> ranked.unit().unitId());
        List<Ranked> all = new ArrayList<>();
        for (FleetUnit unit : units) {
            if ((agency == null || unit.agency() == agency)
                    && capabilities.contains(unit.capability())
                    && suitable.test(unit)) {
                all.add(new Ranked(
                        unit,
                        travelTimes.etaSecondsExact(
                                unit.capability(), unit.position().distanceKmTo(location))));
            }
        }
        all.sort(soonestFirst);
        return all.stream().limit(limit).map(Ranked::unit).toList();
    }
}
