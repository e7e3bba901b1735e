package sos.dispatch.domain;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import sos.contracts.Agency;
import sos.contracts.AlertType;
import sos.contracts.GeoPoint;
import sos.contracts.Severity;
import sos.contracts.UnitsAssigned.Assignment;

/**
 * Chooses units for one alert from the units available right now: the soonest to arrive (estimated travel time), in the
 * numbers the {@link DispatchPolicy} asks for. Pure: it reserves nothing (see {@link Dispatcher}).
 */
public final class UnitSelector {

    /** How many ranked candidates a decision records per requirement of its rule (see {@link #choose}). */
    public static final int CANDIDATES_PER_REQUIREMENT = 10;

    private final DispatchPolicy policy;
    private final TravelTimes travelTimes;

    public UnitSelector(DispatchPolicy policy, TravelTimes travelTimes) {
        this.policy = policy;
        this.travelTimes = travelTimes;
    }

    /** The chosen units, soonest first; fewer than {@link #requested} when not enough are available. */
    public List<Assignment> select(
            AlertType type, Severity severity, GeoPoint location, Collection<FleetUnit> available) {
        return select(type, severity, location, new BruteForceCandidates(available, travelTimes));
    }

    /** The same, looking the units up in {@code candidates} (a spatial index, or every unit). */
    public List<Assignment> select(AlertType type, Severity severity, GeoPoint location, Candidates candidates) {
        return select(type, severity, false, location, candidates);
    }

    /**
     * The decision on an alert: the chosen units, and the ranking they were chosen from (see {@link Selection}): for
     * the specialist and for each requirement of the rule, its {@link #CANDIDATES_PER_REQUIREMENT} soonest units (and
     * as many of the "at least one" capability), merged, soonest first (ties by unit id), every chosen unit among them.
     */
    public Selection choose(
            AlertType type, Severity severity, boolean drill, GeoPoint location, Candidates candidates) {
        List<Assignment> chosen = select(type, severity, drill, location, candidates);
        Map<String, FleetUnit> ranked = new HashMap<>();
        Predicate<FleetUnit> any = unit -> true;
        int limit = CANDIDATES_PER_REQUIREMENT;
        EnumSet<Capability> general = EnumSet.allOf(Capability.class);
        general.removeAll(policy.specialists());
        policy.specialistFor(type)
                .ifPresent(capability ->
                        addAll(ranked, candidates.ranked(location, null, EnumSet.of(capability), any, limit)));
        for (Requirement requirement : policy.requirementsFor(type, severity, drill)) {
            if (requirement.count() == 0) {
                continue;
            }
            if (requirement.atLeastOne() != null) {
                addAll(
                        ranked,
                        candidates.ranked(
                                location, requirement.agency(), EnumSet.of(requirement.atLeastOne()), any, limit));
            }
            addAll(ranked, candidates.ranked(location, requirement.agency(), general, any, limit));
        }
        // each unit's exact ETA computed once, then sorted soonest first, ties by unit id (as the searches rank)
        List<Ranked> sorted = new ArrayList<>(ranked.size());
        for (FleetUnit unit : ranked.values()) {
            sorted.add(new Ranked(
                    unit,
                    travelTimes.etaSecondsExact(
                            unit.capability(), unit.position().distanceKmTo(location))));
        }
        sorted.sort(Comparator.comparingDouble(Ranked::eta)
                .thenComparing(r -> r.unit().unitId()));
        List<Assignment> ranking = new ArrayList<>(sorted.size() + chosen.size());
        for (Ranked candidate : sorted) {
            ranking.add(assignment(candidate.unit(), location));
        }
        for (Assignment assignment : chosen) {
            if (!ranked.containsKey(assignment.unitId())) {
                ranking.add(assignment); // a rule asking for more units than the ranks searched
            }
        }
        return new Selection(chosen, ranking);
    }

    private record Ranked(FleetUnit unit, double eta) {}

    private static void addAll(Map<String, FleetUnit> ranked, List<FleetUnit> units) {
        for (FleetUnit unit : units) {
            ranked.putIfAbsent(unit.unitId(), unit);
        }
    }

    /** The same for a live alert or a drill (which may have its own rule). */
    public List<Assignment> select(
            AlertType type, Severity severity, boolean drill, GeoPoint location, Candidates candidates) {
        Set<FleetUnit> chosen = new LinkedHashSet<>();
        Predicate<FleetUnit> notChosen = unit -> !chosen.contains(unit);
        EnumSet<Capability> general = EnumSet.allOf(Capability.class);
        general.removeAll(policy.specialists());

        policy.specialistFor(type)
                .flatMap(capability -> candidates.soonest(location, null, EnumSet.of(capability), notChosen))
                .ifPresent(chosen::add);
        for (Requirement requirement : policy.requirementsFor(type, severity, drill)) {
            Agency agency = requirement.agency();
            Predicate<FleetUnit> ofAgency = notChosen;
            int wanted = requirement.count();
            if (wanted > 0 && requirement.atLeastOne() != null) {
                Optional<FleetUnit> special =
                        candidates.soonest(location, agency, EnumSet.of(requirement.atLeastOne()), ofAgency);
                if (special.isPresent()) {
                    chosen.add(special.get());
                    wanted--;
                }
            }
            for (; wanted > 0; wanted--) {
                Optional<FleetUnit> next = candidates.soonest(location, agency, general, ofAgency);
                if (next.isEmpty()) {
                    break;
                }
                chosen.add(next.get());
            }
        }
        return chosen.stream()
                .sorted(soonestFirst(location))
                .map(unit -> assignment(unit, location))
                .toList();
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

    public TravelTimes travelTimes() {
        return travelTimes;
    }

    public DispatchPolicy policy() {
        return policy;
    }

    public int requested(AlertType type, Severity severity) {
        return policy.requested(severity, type);
    }

    public int requested(AlertType type, Severity severity, boolean drill) {
        return policy.requested(severity, type, drill);
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
