package sos.dispatch.domain;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import sos.contracts.AlertType;
import sos.contracts.GeoPoint;
import sos.contracts.Severity;
import sos.contracts.UnitsAssigned.Assignment;

/**
 * Chooses units for one alert from the units available right now: the soonest to arrive (estimated travel time), in the
 * numbers the {@link DispatchPolicy} asks for. Pure: it reserves nothing (see {@link Dispatcher}).
 */
public final class UnitSelector {

    private final DispatchPolicy policy;
    private final TravelTimes travelTimes;

    public UnitSelector(DispatchPolicy policy, TravelTimes travelTimes) {
        this.policy = policy;
        this.travelTimes = travelTimes;
    }

    /** The chosen units, nearest first; fewer than {@link #requested} when not enough are available. */
    public List<Assignment> select(
            AlertType type, Severity severity, GeoPoint location, Collection<FleetUnit> available) {
        Comparator<FleetUnit> nearestFirst = soonestFirst(location);
        List<FleetUnit> candidates = available.stream().sorted(nearestFirst).toList();
        Set<FleetUnit> chosen = new LinkedHashSet<>();
        Set<Capability> specialists = policy.specialists();

        policy.specialistFor(type)
                .flatMap(capability -> nearest(candidates, chosen, unit -> unit.capability() == capability))
                .ifPresent(chosen::add);
        for (Requirement requirement : policy.requirementsFor(severity)) {
            Predicate<FleetUnit> ofAgency = unit -> unit.agency() == requirement.agency();
            int wanted = requirement.count();
            if (wanted > 0 && requirement.atLeastOne() != null) {
                Optional<FleetUnit> special = nearest(
                        candidates, chosen, ofAgency.and(unit -> unit.capability() == requirement.atLeastOne()));
                if (special.isPresent()) {
                    chosen.add(special.get());
                    wanted--;
                }
            }
            Predicate<FleetUnit> general = ofAgency.and(unit -> !specialists.contains(unit.capability()));
            for (; wanted > 0; wanted--) {
                Optional<FleetUnit> next = nearest(candidates, chosen, general);
                if (next.isEmpty()) {
                    break;
                }
                chosen.add(next.get());
            }
        }
        List<Assignment> assignments = new ArrayList<>();
        chosen.stream().sorted(nearestFirst).forEach(unit -> assignments.add(assignment(unit, location)));
        return List.copyOf(assignments);
    }

    /** Soonest estimated arrival first (travel time, not distance: a motorcycle beats a car at the same distance). */
    public Comparator<FleetUnit> soonestFirst(GeoPoint location) {
        return Comparator.<FleetUnit>comparingDouble(unit -> travelTimes.etaSecondsExact(
                        unit.capability(), unit.position().distanceKmTo(location)))
                .thenComparing(FleetUnit::unitId);
    }

    /** The suitable candidates, soonest first, at most {@code limit}, as assignments with distance and ETA. */
    public List<Assignment> rank(
            GeoPoint location, Collection<FleetUnit> candidates, Predicate<FleetUnit> suitable, int limit) {
        return candidates.stream()
                .filter(suitable)
                .sorted(soonestFirst(location))
                .limit(limit)
                .map(unit -> assignment(unit, location))
                .toList();
    }

    /** The ETA of one unit to a location. */
    public Assignment assess(FleetUnit unit, GeoPoint location) {
        return assignment(unit, location);
    }

    public DispatchPolicy policy() {
        return policy;
    }

    public int requested(AlertType type, Severity severity) {
        return policy.requested(severity, type);
    }

    private static Optional<FleetUnit> nearest(
            List<FleetUnit> nearestFirst, Set<FleetUnit> chosen, Predicate<FleetUnit> suitable) {
        return nearestFirst.stream()
                .filter(unit -> !chosen.contains(unit))
                .filter(suitable)
                .findFirst();
    }

    private Assignment assignment(FleetUnit unit, GeoPoint location) {
        double distanceKm = unit.position().distanceKmTo(location);
        return new Assignment(
                unit.unitId(),
                unit.callSign(),
                unit.agency(),
                unit.capability().name(),
                unit.station(),
                unit.position(),
                Math.round(distanceKm * 100) / 100.0,
                travelTimes.etaSeconds(unit.capability(), distanceKm));
    }
}
