package sos.dispatch.domain;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Predicate;
import sos.contracts.Agency;
import sos.contracts.AlertCancelled;
import sos.contracts.AlertEscalated;
import sos.contracts.AlertLifecycleEvent;
import sos.contracts.AlertLocationUpdated;
import sos.contracts.AlertRaised;
import sos.contracts.AlertRepeatPressed;
import sos.contracts.AlertResolved;
import sos.contracts.AssignmentUpdated;
import sos.contracts.BetterUnitProposed;
import sos.contracts.DispatchEvent;
import sos.contracts.DuressSignalled;
import sos.contracts.GeoPoint;
import sos.contracts.SosEvent;
import sos.contracts.UnitStateChanged;
import sos.contracts.UnitsAssigned;
import sos.contracts.UnitsAssigned.Assignment;
import sos.contracts.UnitsStoodDown;

/**
 * The live state of the fleet and of every alert, behind one lock: choosing units and reserving them is one atomic
 * step, so two alerts handled at the same time (on different partitions, by different listener threads) never get the
 * same unit. Every change returns the events that record it, to be published in order: decisions on
 * {@code sos.dispatch.assignments}, unit states on the compacted {@code sos.units.state}. The state is rebuilt from
 * those topics (and {@code sos.alerts}) on start through the {@code restore...} methods.
 */
public final class Dispatcher {

    /** Escalation causes. */
    public static final String DURESS = "DURESS";

    public static final String NO_UNIT_AVAILABLE = "NO_UNIT_AVAILABLE";
    public static final String REDISPATCH_FAILED = "REDISPATCH_FAILED";

    /** Who resolved an alert whose units all cleared. */
    public static final String RESOLVED_BY_DISPATCH = "dispatch-service";

    private final UnitSelector selector;
    private final Clock clock;
    private final DispatchSettings settings;
    /** About 1.1 km: a few units per cell at city density. */
    public static final double INDEX_CELL_DEGREES = 0.01;

    private final Map<String, UnitState> units = new TreeMap<>();
    /** The available units, by position: selection looks here. */
    private final GridIndex index;

    private final Map<UUID, AlertCase> cases = new HashMap<>();
    /** The ids of every decision taken or replayed here, so that reading one's own decisions back changes nothing. */
    private final Set<UUID> decisionEvents = new HashSet<>();

    public Dispatcher(Fleet fleet, UnitSelector selector, Clock clock) {
        this(fleet, selector, clock, DispatchSettings.defaults());
    }

    public Dispatcher(Fleet fleet, UnitSelector selector, Clock clock, DispatchSettings settings) {
        this.selector = selector;
        this.clock = clock;
        this.settings = settings;
        this.index = new GridIndex(settings.indexCellDegrees(), selector.travelTimes());
        fleet.units().forEach(unit -> put(unit.unitId(), UnitState.available(unit)));
    }

    /** The deterministic id of the decision on an alert event, so that every redelivery yields the same id. */
    public static UUID assignmentEventIdFor(UUID alertEventId) {
        return idOf("UnitsAssigned:" + alertEventId);
    }

    private static UUID idOf(String cause) {
        return UUID.nameUUIDFromBytes(cause.getBytes(StandardCharsets.UTF_8));
    }

    // ---------------------------------------------------------------- alerts

    /** Any event of an alert's lifecycle; never fails on a kind it does not act on. */
    public synchronized List<SosEvent> handle(AlertLifecycleEvent event) {
        return noted(handleUnnoted(event));
    }

    private List<SosEvent> handleUnnoted(AlertLifecycleEvent event) {
        if (event instanceof AlertRaised raised) {
            return dispatch(raised).events();
        }
        if (event instanceof AlertCancelled cancelled) {
            return cancel(cancelled);
        }
        if (event instanceof DuressSignalled duress) {
            return duress(duress);
        }
        if (event instanceof AlertLocationUpdated moved) {
            return moved(moved);
        }
        if (event instanceof AlertRepeatPressed) {
            // noted (the listener logs it); the alert was dispatched once and is not dispatched again
            return List.of();
        }
        return List.of();
    }

    public synchronized DispatchOutcome dispatch(AlertRaised alert) {
        DispatchOutcome outcome = dispatchUnnoted(alert);
        noted(outcome.events());
        return outcome;
    }

    /** Remembers the ids of decisions taken here. */
    private List<SosEvent> noted(List<SosEvent> events) {
        for (SosEvent event : events) {
            if (event instanceof DispatchEvent decision) {
                decisionEvents.add(decision.eventId());
            }
        }
        return events;
    }

    private DispatchOutcome dispatchUnnoted(AlertRaised alert) {
        AlertCase known = cases.get(alert.alertId());
        if (known != null && known.decision != null) {
            return new DispatchOutcome(known.decision, true, List.of(known.decision.event()));
        }
        AlertCase alertCase = known != null ? known : new AlertCase(alert.alertId());
        remember(alertCase, alert);
        cases.put(alert.alertId(), alertCase);
        if (alertCase.closed) {
            return new DispatchOutcome(null, false, List.of());
        }
        Instant now = clock.instant();
        Selection selection = selector.choose(
                alert.type(),
                alert.severity(),
                alert.drill(),
                alert.location(),
                eligibleCandidates(alert.location(), now));
        List<Assignment> assignments = selection.assignments();
        boolean reserve = !alert.drill();
        List<SosEvent> unitEvents = new ArrayList<>();
        if (reserve) {
            Instant deadline = now.plus(settings.ackTimeoutFor(alert.severity()));
            for (Assignment assignment : assignments) {
                UnitState state = units.get(assignment.unitId()).dispatchedTo(alert.alertId(), now, deadline);
                put(assignment.unitId(), state);
                alertCase.units.add(assignment.unitId());
                unitEvents.add(stateEvent(state, now, "dispatched to alert " + alert.alertId()));
            }
        }
        int requested = selector.requested(alert.type(), alert.severity(), alert.drill());
        UnitsAssigned event = new UnitsAssigned(
                assignmentEventIdFor(alert.eventId()),
                now,
                alert.alertId(),
                alert.eventId(),
                requested,
                assignments,
                selection.candidates());
        Decision decision = new Decision(event, alert.type(), alert.severity(), alert.drill(), reserve);
        alertCase.decision = decision;
        List<SosEvent> events = new ArrayList<>();
        events.add(event);
        events.addAll(unitEvents);
        if (assignments.isEmpty() && requested > 0) {
            alertCase.escalated = true;
            alertCase.escalation = NO_UNIT_AVAILABLE;
            events.add(new AlertEscalated(
                    idOf("AlertEscalated:" + alert.eventId()),
                    now,
                    alert.alertId(),
                    NO_UNIT_AVAILABLE,
                    "no suitable unit available within " + settings.radiusKm() + " km for a " + alert.severity() + " "
                            + alert.type() + " alert",
                    List.of()));
        }
        return new DispatchOutcome(decision, false, events);
    }

    private List<SosEvent> cancel(AlertCancelled cancelled) {
        AlertCase alertCase = cases.computeIfAbsent(cancelled.alertId(), AlertCase::new);
        List<SosEvent> earlier = alertCase.answered.get(cancelled.eventId());
        if (earlier != null) {
            return earlier;
        }
        Instant now = clock.instant();
        String reason = "alert cancelled by " + cancelled.consulateId()
                + (cancelled.reason() == null ? "" : ": " + cancelled.reason());
        List<String> released = new ArrayList<>(alertCase.units);
        List<SosEvent> unitEvents = new ArrayList<>();
        for (String unitId : released) {
            UnitState state = units.get(unitId);
            if (state != null && cancelled.alertId().equals(state.alertId())) {
                UnitState cleared = state.cleared();
                put(unitId, cleared);
                unitEvents.add(stateEvent(cleared, now, "stood down: " + reason));
            }
        }
        alertCase.units.clear();
        alertCase.closed = true;
        List<SosEvent> events = new ArrayList<>();
        events.add(new UnitsStoodDown(
                idOf("UnitsStoodDown:" + cancelled.eventId()), now, cancelled.alertId(), released, reason));
        events.addAll(unitEvents);
        alertCase.answered.put(cancelled.eventId(), List.copyOf(events));
        return events;
    }

    private List<SosEvent> duress(DuressSignalled duress) {
        AlertCase alertCase = cases.computeIfAbsent(duress.alertId(), AlertCase::new);
        List<SosEvent> earlier = alertCase.answered.get(duress.eventId());
        if (earlier != null) {
            return earlier;
        }
        alertCase.escalated = true;
        alertCase.escalation = DURESS;
        List<SosEvent> events = List.of(new AlertEscalated(
                idOf("AlertEscalated:" + duress.eventId()),
                clock.instant(),
                duress.alertId(),
                DURESS,
                "duress PIN used at " + duress.consulateId()
                        + ": the cancel shown on the consulate's screen is false; units keep going",
                List.copyOf(alertCase.units)));
        alertCase.answered.put(duress.eventId(), events);
        return events;
    }

    /**
     * The alert moved: rank again and propose a sooner unit for each unit out on it. A proposal only: units already
     * out are never swapped automatically.
     */
    private List<SosEvent> moved(AlertLocationUpdated moved) {
        AlertCase alertCase = cases.computeIfAbsent(moved.alertId(), AlertCase::new);
        List<SosEvent> earlier = alertCase.answered.get(moved.eventId());
        if (earlier != null) {
            return earlier;
        }
        alertCase.location = moved.location();
        Instant now = clock.instant();
        List<SosEvent> events = new ArrayList<>();
        if (!alertCase.closed) {
            List<FleetUnit> eligible = eligible(moved.location(), now, alertCase.failed);
            for (String unitId : alertCase.units) {
                FleetUnit current = units.get(unitId).asCandidate();
                Assignment currentEta = selector.assess(current, moved.location());
                // a unit of the same kind: a QRF for a QRF, a patrol car for a patrol car
                Predicate<FleetUnit> sameJob =
                        unit -> unit.agency() == current.agency() && unit.capability() == current.capability();
                List<Assignment> ranked = selector.rank(moved.location(), eligible, sameJob, 5);
                if (!ranked.isEmpty()
                        && ranked.get(0).etaSeconds() + settings.proposeMarginSeconds() <= currentEta.etaSeconds()) {
                    Assignment better = ranked.get(0);
                    events.add(new BetterUnitProposed(
                            idOf("BetterUnitProposed:" + moved.eventId() + ":" + unitId),
                            now,
                            moved.alertId(),
                            moved.location(),
                            unitId,
                            currentEta.etaSeconds(),
                            better,
                            ranked,
                            "alert moved: " + better.unitId() + " arrives in " + better.etaSeconds() + " s, "
                                    + unitId + " (" + units.get(unitId).status() + ") in "
                                    + currentEta.etaSeconds() + " s; not swapped automatically"));
                }
            }
        }
        alertCase.answered.put(moved.eventId(), List.copyOf(events));
        return events;
    }

    /**
     * The control room resolves an alert: an {@link AlertResolved} (once per alert: a repeat answers the first one and
     * publishes nothing), every unit still out on it released, and no more re-dispatch, deadlines or proposals.
     *
     * @throws UnknownAlertException when dispatch never heard of the alert
     */
    public synchronized Resolution resolve(UUID alertId, String resolvedBy, String reason) {
        AlertCase alertCase = cases.get(alertId);
        if (alertCase == null) {
            throw new UnknownAlertException(alertId);
        }
        if (alertCase.resolved != null) {
            return new Resolution(alertCase.resolved, true, List.of());
        }
        List<SosEvent> events = noted(resolved(alertCase, resolvedBy, reason));
        return new Resolution(alertCase.resolved, false, events);
    }

    /** Releases the units still out on the alert and records its resolution; the events, resolution first. */
    private List<SosEvent> resolved(AlertCase alertCase, String resolvedBy, String reason) {
        Instant now = clock.instant();
        List<String> released = new ArrayList<>();
        List<SosEvent> unitEvents = new ArrayList<>();
        for (String unitId : alertCase.units) {
            UnitState state = units.get(unitId);
            if (state != null && alertCase.alertId.equals(state.alertId())) {
                UnitState cleared = state.cleared();
                put(unitId, cleared);
                released.add(unitId);
                unitEvents.add(stateEvent(cleared, now, "released: alert " + alertCase.alertId + " resolved"));
            }
        }
        alertCase.units.clear();
        alertCase.closed = true;
        alertCase.resolved = new AlertResolved(
                resolutionIdFor(alertCase.alertId), now, alertCase.alertId, resolvedBy, reason, released);
        List<SosEvent> events = new ArrayList<>();
        events.add(alertCase.resolved);
        events.addAll(unitEvents);
        return events;
    }

    /** One resolution per alert: its id depends on the alert only. */
    public static UUID resolutionIdFor(UUID alertId) {
        return idOf("AlertResolved:" + alertId);
    }

    /** The resolution of an alert, if it was resolved. */
    public synchronized Optional<AlertResolved> resolutionOf(UUID alertId) {
        AlertCase alertCase = cases.get(alertId);
        return alertCase == null ? Optional.empty() : Optional.ofNullable(alertCase.resolved);
    }

    public synchronized Optional<Decision> decisionFor(UUID alertId) {
        AlertCase alertCase = cases.get(alertId);
        return alertCase == null ? Optional.empty() : Optional.ofNullable(alertCase.decision);
    }

    /**
     * The alerts the control room has to watch: raised, not cancelled, not resolved (an alert "cancelled" with the
     * duress PIN stays, escalated), oldest first, with the units out on each (for a drill, whose units are not
     * reserved, the units chosen) and each unit's ETA from where it is now.
     */
    public synchronized List<OpenAlert> openAlerts() {
        List<OpenAlert> open = new ArrayList<>();
        for (AlertCase c : cases.values()) {
            if (c.closed || c.resolved != null || c.type == null) {
                continue;
            }
            List<OpenAlert.Unit> out = new ArrayList<>();
            Collection<String> ids = c.drill && c.decision != null
                    ? c.decision.event().assignments().stream()
                            .map(Assignment::unitId)
                            .toList()
                    : c.units;
            for (String unitId : ids) {
                UnitState state = units.get(unitId);
                if (state == null) {
                    continue;
                }
                Assignment eta = c.location == null ? null : selector.assess(state.asCandidate(), c.location);
                out.add(new OpenAlert.Unit(state, eta == null ? null : eta.etaSeconds()));
            }
            open.add(new OpenAlert(
                    c.alertId,
                    c.type,
                    c.severity,
                    c.drill,
                    c.consulateId,
                    c.consulateName,
                    c.premises,
                    c.district,
                    c.location,
                    c.raisedAt,
                    c.decision == null ? null : c.decision.event().occurredAt(),
                    c.decision == null ? 0 : c.decision.event().requested(),
                    c.escalation,
                    out));
        }
        open.sort(java.util.Comparator.comparing((OpenAlert a) -> a.raisedAt() == null ? Instant.EPOCH : a.raisedAt())
                .thenComparing(OpenAlert::alertId));
        return open;
    }

    /** The units out on an alert now (empty when unknown). */
    public synchronized List<String> unitsOn(UUID alertId) {
        AlertCase alertCase = cases.get(alertId);
        return alertCase == null ? List.of() : List.copyOf(alertCase.units);
    }

    // ---------------------------------------------------------------- deadlines

    /**
     * Every dispatched unit whose acknowledgement deadline has passed is released and the next-best unit sent in its
     * place; an alert escalates when no unit is left or too many did not acknowledge. Deadlines are state (they travel
     * with the unit state), so after a restart an overdue deadline fires at once: late rather than never.
     */
    public synchronized List<SosEvent> expireDeadlines() {
        Instant now = clock.instant();
        List<SosEvent> events = new ArrayList<>();
        List<UnitState> overdue = units.values().stream()
                .filter(state -> state.status() == UnitStatus.DISPATCHED
                        && !state.acknowledged()
                        && state.ackDeadline() != null
                        && !state.ackDeadline().isAfter(now))
                .toList();
        for (UnitState late : overdue) {
            events.addAll(redispatch(late, now));
        }
        return noted(events);
    }

    private List<SosEvent> redispatch(UnitState late, Instant now) {
        long waited = late.since() == null
                ? 0
                : Duration.between(late.since(), late.ackDeadline()).toSeconds();
        return replace(
                late,
                now,
                "Redispatch:" + late.alertId() + ":" + late.unitId() + ":" + late.ackDeadline(),
                late.unitId() + " did not acknowledge within " + waited + " s",
                true);
    }

    /**
     * The control room takes a unit off an alert and sends the next-best unit instead (the same way as for a missed
     * deadline, but it does not count as one): an {@code AssignmentUpdated} {@code REASSIGNED} whose reason names the
     * operator and their reason. The unit taken off is never sent to this alert again automatically.
     *
     * @throws UnknownAlertException when dispatch never heard of the alert
     * @throws UnitNotOnAlertException when the unit is not out on this alert
     * @throws IllegalTransitionException when the alert is closed
     */
    public synchronized List<SosEvent> reassign(UUID alertId, String unitId, String operator, String why) {
        AlertCase alertCase = cases.get(alertId);
        if (alertCase == null) {
            throw new UnknownAlertException(alertId);
        }
        UnitState state = unit(unitId);
        if (!alertId.equals(state.alertId()) || !state.status().isOnAlert()) {
            throw new UnitNotOnAlertException(unitId);
        }
        if (alertCase.closed) {
            throw new IllegalTransitionException("alert " + alertId + " is closed; nothing to reassign");
        }
        return noted(replace(
                state,
                clock.instant(),
                "Reassign:" + alertId + ":" + unitId + ":" + state.version(),
                unitId + " reassigned by " + operator + ": " + why,
                false));
    }

    /**
     * Releases {@code out} from its alert and sends the next-best unit in its place.
     *
     * @param missedDeadline the unit did not acknowledge: counts towards {@code max-redispatches}
     */
    private List<SosEvent> replace(UnitState late, Instant now, String cause, String why, boolean missedDeadline) {
        String unitId = late.unitId();
        UUID alertId = late.alertId();
        AlertCase alertCase = cases.computeIfAbsent(alertId, AlertCase::new);
        UnitState released = late.cleared();
        put(unitId, released);
        alertCase.units.remove(unitId);
        alertCase.failed.add(unitId);
        if (missedDeadline) {
            alertCase.redispatches++;
        }
        String reason = why;
        List<SosEvent> unitEvents = new ArrayList<>();
        unitEvents.add(stateEvent(released, now, "released: " + reason));
        Assignment replacement = null;
        List<Assignment> ranked = List.of();
        String escalation = null;
        if (alertCase.closed) {
            reason += "; alert closed, no replacement";
        } else if (missedDeadline && alertCase.redispatches > settings.maxRedispatches()) {
            escalation = REDISPATCH_FAILED;
            reason += "; " + alertCase.redispatches + " units did not acknowledge (limit " + settings.maxRedispatches()
                    + "), escalating";
        } else if (alertCase.location == null) {
            escalation = NO_UNIT_AVAILABLE;
            reason += "; the alert's location is not known here, escalating";
        } else {
            FleetUnit was = late.asCandidate();
            List<FleetUnit> eligible = eligible(alertCase.location, now, alertCase.failed);
            Set<Capability> specialists = selector.policy().specialists();
            // the same capability first (a QRF for a QRF), else the soonest general unit of the agency
            List<Assignment> sameCapability = selector.rank(
                    alertCase.location,
                    eligible,
                    unit -> unit.agency() == was.agency() && unit.capability() == was.capability(),
                    5);
            List<Assignment> sameAgency = selector.rank(
                    alertCase.location,
                    eligible,
                    unit -> unit.agency() == was.agency() && !specialists.contains(unit.capability()),
                    5);
            replacement =
                    !sameCapability.isEmpty() ? sameCapability.get(0) : sameAgency.isEmpty() ? null : sameAgency.get(0);
            Map<String, Assignment> merged = new LinkedHashMap<>();
            sameCapability.forEach(a -> merged.put(a.unitId(), a));
            sameAgency.forEach(a -> merged.putIfAbsent(a.unitId(), a));
            ranked = List.copyOf(merged.values());
            if (replacement == null) {
                escalation = NO_UNIT_AVAILABLE;
                reason += "; no other suitable unit within " + settings.radiusKm() + " km, escalating";
            } else {
                Instant deadline = now.plus(settings.ackTimeoutFor(alertCase.severity));
                UnitState sent = units.get(replacement.unitId()).dispatchedTo(alertId, now, deadline);
                put(replacement.unitId(), sent);
                alertCase.units.add(replacement.unitId());
                reason += "; " + replacement.unitId() + " sent instead, ETA " + replacement.etaSeconds() + " s";
                unitEvents.add(stateEvent(sent, now, "dispatched to alert " + alertId + " instead of " + unitId));
            }
        }
        List<SosEvent> events = new ArrayList<>();
        events.add(new AssignmentUpdated(
                idOf("AssignmentUpdated:" + cause), now, alertId, unitId, "REASSIGNED", reason, replacement, ranked));
        events.addAll(unitEvents);
        if (escalation != null) {
            alertCase.escalated = true;
            alertCase.escalation = escalation;
            events.add(new AlertEscalated(
                    idOf("AlertEscalated:" + cause), now, alertId, escalation, reason, List.copyOf(alertCase.units)));
        }
        return events;
    }

    // ---------------------------------------------------------------- units

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

    /** The dispatch a unit is out on now; empty when it has none. */
    public synchronized Optional<CurrentDispatch> currentDispatch(String unitId) {
        UnitState state = unit(unitId);
        if (state.alertId() == null) {
            return Optional.empty();
        }
        AlertCase alertCase = cases.get(state.alertId());
        GeoPoint location = alertCase == null ? null : alertCase.location;
        return Optional.of(new CurrentDispatch(
                state.alertId(),
                alertCase == null ? null : alertCase.type,
                alertCase == null ? null : alertCase.severity,
                location,
                alertCase != null && alertCase.drill,
                state.status(),
                state.ackDeadline(),
                state.acknowledged(),
                location == null ? null : selector.assess(state.asCandidate(), location)));
    }

    /** The unit reports its GPS position. A fix older than the one known is ignored. */
    public synchronized UnitChange reportPosition(
            String unitId, GeoPoint position, Instant at, Double headingDeg, Double speedKmh) {
        UnitState state = unit(unitId);
        Instant fixTime = at == null ? clock.instant() : at;
        if (state.positionAt() != null && fixTime.isBefore(state.positionAt())) {
            return new UnitChange(state, List.of());
        }
        UnitState moved = state.movedTo(position, fixTime, headingDeg, speedKmh);
        put(unitId, moved);
        return new UnitChange(moved, List.of(stateEvent(moved, clock.instant(), "position report")));
    }

    /**
     * A gateway's batch of fixes, in order, under one lock: each is applied as {@link #reportPosition} applies a unit's
     * own report, unless its unit is unknown, is not of an agency in {@code scope}, or the fix is older than the
     * unit's last one (then nothing changes and nothing is published). Two fixes of one unit in one batch are taken in
     * their order, so an older one after a newer one is refused.
     */
    public synchronized List<FixOutcome> reportPositions(List<PositionFix> fixes, Set<Agency> scope) {
        List<FixOutcome> outcomes = new ArrayList<>(fixes.size());
        for (PositionFix fix : fixes) {
            UnitState state = units.get(fix.unitId());
            if (state == null) {
                outcomes.add(new FixOutcome.Refused(
                        FixOutcome.Refusal.UNKNOWN_UNIT, "no unit " + fix.unitId() + " in the fleet"));
            } else if (!scope.contains(state.unit().agency())) {
                outcomes.add(new FixOutcome.Refused(
                        FixOutcome.Refusal.OUT_OF_SCOPE,
                        "unit " + fix.unitId() + " is a " + state.unit().agency()
                                + " unit, outside this gateway's scope " + scope));
            } else {
                UnitChange change =
                        reportPosition(fix.unitId(), fix.position(), fix.at(), fix.headingDeg(), fix.speedKmh());
                outcomes.add(
                        change.events().isEmpty()
                                ? new FixOutcome.Refused(
                                        FixOutcome.Refusal.OLDER_THAN_LAST_FIX,
                                        "the unit's last fix is at " + state.positionAt())
                                : new FixOutcome.Applied(change));
            }
        }
        return outcomes;
    }

    /** The unit acknowledges its current dispatch; a second acknowledgement changes nothing. */
    public synchronized UnitChange acknowledge(String unitId) {
        return acknowledge(unitId, null);
    }

    /**
     * The control room acknowledges for a unit that confirmed by radio (or phone); the reason names the operator.
     *
     * @param confirmedTo the operator, or null when the unit acknowledged itself
     */
    public synchronized UnitChange acknowledge(String unitId, String confirmedTo) {
        UnitState state = unit(unitId);
        if (!state.status().isOnAlert()) {
            throw new UnitNotOnAlertException(unitId);
        }
        if (state.acknowledged()) {
            return new UnitChange(state, List.of());
        }
        UnitState acked = state.acknowledgedNow();
        put(unitId, acked);
        Instant now = clock.instant();
        long seconds =
                state.since() == null ? 0 : Duration.between(state.since(), now).toSeconds();
        String reason = unitId + " acknowledged after " + seconds + " s"
                + (confirmedTo == null ? "" : " (confirmed by radio to " + confirmedTo + ")");
        return new UnitChange(
                acked,
                noted(List.of(
                        progress(acked.alertId(), unitId, "ACKNOWLEDGED", reason, acked.version(), now),
                        stateEvent(acked, now, reason))));
    }

    /** A status change reported by the unit (or an operator), checked against the allowed transitions. */
    public synchronized UnitChange changeStatus(String unitId, UnitStatus target) {
        UnitState state = unit(unitId);
        if (target == UnitStatus.DISPATCHED) {
            throw new IllegalTransitionException(
                    "unit " + unitId + ": only dispatch makes a unit DISPATCHED (acknowledge with /acknowledge)");
        }
        if (!state.status().canBecome(target)) {
            if (target == UnitStatus.AVAILABLE && state.isAvailable()) {
                throw new UnitAlreadyAvailableException(unitId);
            }
            throw new IllegalTransitionException(unitId, state.status(), target.name());
        }
        Instant now = clock.instant();
        UnitState next = state.withStatus(target);
        put(unitId, next);
        List<SosEvent> events = new ArrayList<>();
        if (state.alertId() != null) {
            String change = target == UnitStatus.AVAILABLE ? "CLEARED" : target.name();
            String reason = unitId + " reported " + target + " on alert " + state.alertId();
            events.add(progress(state.alertId(), unitId, change, reason, next.version(), now));
            AlertCase alertCase = cases.get(state.alertId());
            if (alertCase != null && target == UnitStatus.ON_SCENE) {
                alertCase.reachedScene = true;
            }
            if (target == UnitStatus.AVAILABLE) {
                if (alertCase != null) {
                    alertCase.units.remove(unitId);
                }
                events.add(stateEvent(next, now, unitId + " " + state.status() + " -> " + target));
                if (alertCase != null && alertCase.units.isEmpty() && alertCase.reachedScene && !alertCase.closed) {
                    // the last unit out on the alert cleared and a unit was on scene: the incident is over. Units that
                    // clear without anyone having reached the scene leave the alert open for the control room.
                    events.addAll(resolved(alertCase, RESOLVED_BY_DISPATCH, "all units cleared; last: " + unitId));
                }
                return new UnitChange(next, noted(events));
            }
        }
        events.add(stateEvent(next, now, unitId + " " + state.status() + " -> " + target));
        return new UnitChange(next, noted(events));
    }

    /** The unit (or an operator) reports it free again. */
    public synchronized UnitState clear(String unitId) {
        return changeStatus(unitId, UnitStatus.AVAILABLE).state();
    }

    // ---------------------------------------------------------------- restore

    /** Replays a unit's state from the compacted topic: the record with the highest version wins. */
    public synchronized void restoreUnit(UnitStateChanged record) {
        UnitState known = units.get(record.unitId());
        if (known != null && known.version() >= record.version()) {
            return; // this instance's own write coming back, or an older one
        }
        Capability capability;
        UnitStatus status;
        try {
            capability = Capability.valueOf(record.capability());
            status = UnitStatus.valueOf(record.status());
        } catch (IllegalArgumentException e) {
            return; // written by a newer version of this service: keep what the fleet file says
        }
        FleetUnit unit = known != null
                ? known.unit()
                : new FleetUnit(
                        record.unitId(),
                        orEmpty(record.callSign()),
                        record.agency(),
                        capability,
                        orEmpty(record.station()),
                        orEmpty(record.district()),
                        record.position());
        put(
                record.unitId(),
                new UnitState(
                        unit,
                        record.position(),
                        record.positionAt(),
                        record.headingDeg(),
                        record.speedKmh(),
                        status,
                        record.alertId(),
                        status.isOnAlert() ? record.occurredAt() : null,
                        record.ackDeadline(),
                        record.acknowledged(),
                        record.version()));
    }

    /** Replays an alert from {@code sos.alerts}: what it is and where, never a dispatch. */
    public synchronized void restoreAlert(AlertLifecycleEvent event) {
        AlertCase alertCase = cases.computeIfAbsent(event.alertId(), AlertCase::new);
        if (event instanceof AlertRaised raised) {
            remember(alertCase, raised);
        } else if (event instanceof AlertLocationUpdated moved) {
            alertCase.location = moved.location();
        } else if (event instanceof AlertCancelled) {
            alertCase.closed = true;
        }
    }

    /** Replays a decision from {@code sos.dispatch.assignments}. */
    public synchronized void restoreDecision(DispatchEvent event) {
        if (!decisionEvents.add(event.eventId())) {
            return; // this instance's own decision coming back, or a duplicate
        }
        AlertCase alertCase = cases.computeIfAbsent(event.alertId(), AlertCase::new);
        if (event instanceof UnitsAssigned assigned) {
            boolean drill = alertCase.drill;
            alertCase.decision = new Decision(assigned, alertCase.type, alertCase.severity, drill, !drill);
            if (!drill) {
                assigned.assignments().forEach(a -> alertCase.units.add(a.unitId()));
            }
        } else if (event instanceof UnitsStoodDown) {
            alertCase.units.clear();
            alertCase.closed = true;
        } else if (event instanceof AlertEscalated escalated) {
            alertCase.escalated = true;
            alertCase.escalation = escalated.cause();
        } else if (event instanceof AlertResolved resolution) {
            // the units it released were published with it, on sos.units.state
            alertCase.units.clear();
            alertCase.closed = true;
            alertCase.resolved = resolution;
        } else if (event instanceof AssignmentUpdated updated) {
            if ("ON_SCENE".equals(updated.change())) {
                alertCase.reachedScene = true;
            } else if ("CLEARED".equals(updated.change())) {
                alertCase.units.remove(updated.unitId());
            } else if ("REASSIGNED".equals(updated.change())) {
                alertCase.units.remove(updated.unitId());
                alertCase.failed.add(updated.unitId());
                alertCase.redispatches++;
                if (updated.replacement() != null) {
                    alertCase.units.add(updated.replacement().unitId());
                }
            }
        }
    }

    /**
     * After a replay: the decisions say which units are out on which alert. A unit the decisions send but whose
     * state was not written (a crash between the two writes) is reserved again, its deadline counted from the
     * decision; a unit whose state names an alert that no longer has it is released. Returns the corrected states.
     */
    public synchronized List<SosEvent> reconcile() {
        Instant now = clock.instant();
        List<SosEvent> events = new ArrayList<>();
        for (AlertCase alertCase : cases.values()) {
            for (String unitId : alertCase.units) {
                UnitState state = units.get(unitId);
                if (state != null && state.isAvailable() && alertCase.decision != null) {
                    Instant decided = alertCase.decision.event().occurredAt();
                    UnitState sent = state.dispatchedTo(
                            alertCase.alertId, decided, decided.plus(settings.ackTimeoutFor(alertCase.severity)));
                    put(unitId, sent);
                    events.add(stateEvent(sent, now, "restored: dispatched to alert " + alertCase.alertId));
                }
            }
        }
        for (UnitState state : List.copyOf(units.values())) {
            if (state.alertId() != null) {
                AlertCase alertCase = cases.get(state.alertId());
                if (alertCase != null && !alertCase.units.contains(state.unitId())) {
                    UnitState cleared = state.cleared();
                    put(state.unitId(), cleared);
                    events.add(stateEvent(cleared, now, "restored: no longer on alert " + state.alertId()));
                }
            }
        }
        return events;
    }

    /** The state of every unit as events, for units never written to the unit-state topic (version 0). */
    public synchronized List<SosEvent> unpublishedUnits() {
        Instant now = clock.instant();
        List<SosEvent> events = new ArrayList<>();
        for (UnitState state : units.values()) {
            if (state.version() == 0) {
                UnitState first = new UnitState(
                        state.unit(),
                        state.position(),
                        state.positionAt(),
                        state.headingDeg(),
                        state.speedKmh(),
                        state.status(),
                        state.alertId(),
                        state.since(),
                        state.ackDeadline(),
                        state.acknowledged(),
                        1);
                put(state.unitId(), first);
                events.add(stateEvent(first, now, "seeded from the fleet file"));
            }
        }
        return events;
    }

    // ---------------------------------------------------------------- helpers

    /** Every change of a unit goes through here, so that the spatial index holds exactly the available units. */
    private void put(String unitId, UnitState state) {
        units.put(unitId, state);
        if (state.isAvailable()) {
            index.put(state.asCandidate());
        } else {
            index.remove(unitId);
        }
    }

    /** Available units with a fresh position within the radius, looked up in the spatial index. */
    private Candidates eligibleCandidates(GeoPoint location, Instant now) {
        long maxAge = settings.maxPositionAgeSeconds();
        double radius = settings.radiusKm();
        return index.filtered(unit -> {
            UnitState state = units.get(unit.unitId());
            return !state.isStale(now, maxAge) && unit.position().distanceKmTo(location) <= radius;
        });
    }

    private static void remember(AlertCase alertCase, AlertRaised alert) {
        alertCase.type = alert.type();
        alertCase.severity = alert.severity();
        if (alertCase.location == null) {
            alertCase.location = alert.location();
        }
        alertCase.drill = alert.drill();
        alertCase.consulateId = alert.consulateId();
        alertCase.consulateName = alert.consulateName();
        alertCase.premises = alert.premises();
        alertCase.district = alert.district();
        alertCase.raisedAt = alert.occurredAt();
    }

    /** Available units with a fresh position within the radius, as candidates at their current position. */
    private List<FleetUnit> eligible(GeoPoint location, Instant now, Collection<String> excluded) {
        List<FleetUnit> eligible = new ArrayList<>();
        for (UnitState state : units.values()) {
            if (state.isAvailable()
                    && !state.isStale(now, settings.maxPositionAgeSeconds())
                    && !excluded.contains(state.unitId())
                    && state.position().distanceKmTo(location) <= settings.radiusKm()) {
                eligible.add(state.asCandidate());
            }
        }
        return eligible;
    }

    private static AssignmentUpdated progress(
            UUID alertId, String unitId, String change, String reason, long version, Instant now) {
        return new AssignmentUpdated(
                idOf("AssignmentUpdated:" + alertId + ":" + unitId + ":" + change + ":" + version),
                now,
                alertId,
                unitId,
                change,
                reason,
                null,
                List.of());
    }

    static UnitStateChanged stateEvent(UnitState state, Instant now, String reason) {
        FleetUnit unit = state.unit();
        return new UnitStateChanged(
                idOf("UnitStateChanged:" + unit.unitId() + ":" + state.version()),
                now,
                unit.unitId(),
                unit.callSign(),
                unit.agency(),
                unit.capability().name(),
                unit.station(),
                unit.district(),
                state.position(),
                state.positionAt(),
                state.headingDeg(),
                state.speedKmh(),
                state.status().name(),
                state.alertId(),
                state.ackDeadline(),
                state.acknowledged(),
                reason,
                state.version());
    }

    private static String orEmpty(String text) {
        return text == null ? "" : text;
    }
}
