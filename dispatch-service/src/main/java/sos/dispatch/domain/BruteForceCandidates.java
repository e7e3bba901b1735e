package sos.dispatch.domain;

import java.util.Collection;
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
}
