package sos.dispatch.domain;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import sos.contracts.AlertRaised;
import sos.contracts.UnitsAssigned;
import sos.contracts.UnitsAssigned.Assignment;

/**
 * The live state of the fleet and the decisions taken, behind one lock: choosing units and reserving them is one
 * atomic step, so two alerts handled at the same time (on different partitions, by different listener threads) never
 * get the same unit. A second delivery of an alert returns the first decision and reserves nothing.
 *
 * <p>The state is in memory: a restart forgets reservations and decisions.
 */
public final class Dispatcher {

    private final UnitSelector selector;
    private final Clock clock;
    private final Map<String, UnitState> units = new LinkedHashMap<>();
    private final Map<UUID, Decision> decisions = new HashMap<>();

    public Dispatcher(Fleet fleet, UnitSelector selector, Clock clock) {
        this.selector = selector;
        this.clock = clock;
        fleet.units().forEach(unit -> units.put(unit.unitId(), UnitState.available(unit)));
    }

    /** The deterministic id of the decision on an alert event, so that every redelivery yields the same id. */
    public static UUID assignmentEventIdFor(UUID alertEventId) {
        return UUID.nameUUIDFromBytes(("UnitsAssigned:" + alertEventId).getBytes(StandardCharsets.UTF_8));
    }

    public synchronized DispatchOutcome dispatch(AlertRaised alert) {
        Decision earlier = decisions.get(alert.alertId());
        if (earlier != null) {
            return new DispatchOutcome(earlier, true);
        }
        List<FleetUnit> available = units.values().stream()
                .filter(UnitState::isAvailable)
                .map(UnitState::unit)
                .toList();
        List<Assignment> assignments = selector.select(alert.type(), alert.severity(), alert.location(), available);
        Instant now = clock.instant();
        boolean reserve = !alert.drill();
        if (reserve) {
            for (Assignment assignment : assignments) {
                units.computeIfPresent(assignment.unitId(), (id, state) -> state.dispatchedTo(alert.alertId(), now));
            }
        }
        UnitsAssigned event = new UnitsAssigned(
                assignmentEventIdFor(alert.eventId()),
                now,
                alert.alertId(),
                alert.eventId(),
                selector.requested(alert.type(), alert.severity()),
                assignments);
        Decision decision = new Decision(event, alert.type(), alert.severity(), alert.drill(), reserve);
        decisions.put(alert.alertId(), decision);
        return new DispatchOutcome(decision, false);
    }

    public synchronized Optional<Decision> decisionFor(UUID alertId) {
        return Optional.ofNullable(decisions.get(alertId));
    }

    /** Every unit, ordered by unitId. */
    public synchronized List<UnitState> units() {
        return List.copyOf(units.values());
    }

    public synchronized UnitState unit(String unitId) {
        UnitState state = units.get(unitId);
        if (state == null) {
            throw new UnknownUnitException(unitId);
        }
        return state;
    }

    /** An operator reports the unit free again. */
    public synchronized UnitState clear(String unitId) {
        UnitState state = unit(unitId);
        if (state.isAvailable()) {
            throw new UnitAlreadyAvailableException(unitId);
        }
        UnitState cleared = state.cleared();
        units.put(unitId, cleared);
        return cleared;
    }
}
