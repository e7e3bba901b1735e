package sos.ingest.domain.panel;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import sos.contracts.AlertResolved;
import sos.contracts.AssignmentUpdated;
import sos.contracts.DispatchEvent;
import sos.contracts.UnitsAssigned;
import sos.contracts.UnitsStoodDown;

/**
 * What the consulate may see of dispatch's work on its alerts, folded from {@code sos.dispatch.assignments}: the units
 * sent (call sign, agency, ETA at the decision), each unit's progress (acknowledged, en route, on scene, cleared,
 * replaced) and the resolution. Escalations are left out on purpose: a duress escalation must never reach the
 * consulate's screen. Applying an event twice changes nothing. Bounded: the oldest alerts are forgotten first.
 */
public final class DispatchProgress {

    private final int maxAlerts;
    private final Map<UUID, Progress> alerts;

    public DispatchProgress(int maxAlerts) {
        this.maxAlerts = maxAlerts;
        this.alerts = new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<UUID, Progress> eldest) {
                return size() > DispatchProgress.this.maxAlerts;
            }
        };
    }

    /**
     * One unit on the alert.
     *
     * @param status {@code ASSIGNED}, {@code ACKNOWLEDGED}, {@code EN_ROUTE}, {@code ON_SCENE}, {@code CLEARED},
     *     {@code REPLACED} or {@code STOOD_DOWN}
     * @param etaSeconds the estimated travel time when it was sent
     * @param sentAt when it was sent (the ETA counts from then)
     */
    public record Unit(
            String unitId,
            String callSign,
            String agency,
            String capability,
            double distanceKm,
            int etaSeconds,
            Instant sentAt,
            String status) {

        Unit withStatus(String next) {
            return new Unit(unitId, callSign, agency, capability, distanceKm, etaSeconds, sentAt, next);
        }
    }

    /** The alert's dispatch as the consulate sees it. {@code resolvedAt} is null while it is not resolved. */
    public record Progress(UUID alertId, Instant decidedAt, List<Unit> units, Instant resolvedAt) {

        public Progress {
            units = List.copyOf(units);
        }

        /**
         * The furthest stage any unit reached: {@code RESOLVED}, {@code ON_SCENE}, {@code EN_ROUTE},
         * {@code UNITS_ASSIGNED} (also once acknowledged), or {@code ACCEPTED} while no unit is assigned.
         */
        public String stage() {
            if (resolvedAt != null) {
                return "RESOLVED";
            }
            if (units.stream().anyMatch(u -> u.status().equals("ON_SCENE"))) {
                return "ON_SCENE";
            }
            if (units.stream().anyMatch(u -> u.status().equals("EN_ROUTE"))) {
                return "EN_ROUTE";
            }
            return units.isEmpty() ? "ACCEPTED" : "UNITS_ASSIGNED";
        }
    }

    public synchronized void apply(DispatchEvent event) {
        if (event instanceof UnitsAssigned assigned) {
            Progress known = alerts.get(assigned.alertId());
            if (known != null && known.decidedAt() != null) {
                return; // a redelivered decision
            }
            List<Unit> units = new ArrayList<>();
            for (UnitsAssigned.Assignment a : assigned.assignments()) {
                units.add(unit(a, assigned.occurredAt()));
            }
            if (known != null) {
                known.units().stream()
                        .filter(u -> units.stream().noneMatch(n -> n.unitId().equals(u.unitId())))
                        .forEach(units::add);
            }
            alerts.put(
                    assigned.alertId(),
                    new Progress(
                            assigned.alertId(),
                            assigned.occurredAt(),
                            units,
                            known == null ? null : known.resolvedAt()));
        } else if (event instanceof AssignmentUpdated updated) {
            Progress known =
                    alerts.getOrDefault(updated.alertId(), new Progress(updated.alertId(), null, List.of(), null));
            List<Unit> units = new ArrayList<>();
            for (Unit u : known.units()) {
                if (!u.unitId().equals(updated.unitId())) {
                    units.add(u);
                } else if (updated.change().equals("REASSIGNED")) {
                    units.add(u.withStatus("REPLACED"));
                } else {
                    units.add(u.withStatus(updated.change()));
                }
            }
            if (updated.change().equals("REASSIGNED")
                    && updated.replacement() != null
                    && units.stream()
                            .noneMatch(
                                    u -> u.unitId().equals(updated.replacement().unitId()))) {
                units.add(unit(updated.replacement(), updated.occurredAt()));
            }
            alerts.put(updated.alertId(), new Progress(known.alertId(), known.decidedAt(), units, known.resolvedAt()));
        } else if (event instanceof UnitsStoodDown stood) {
            Progress known = alerts.get(stood.alertId());
            if (known != null) {
                List<Unit> units = known.units().stream()
                        .map(u -> stood.unitIds().contains(u.unitId()) ? u.withStatus("STOOD_DOWN") : u)
                        .toList();
                alerts.put(
                        stood.alertId(), new Progress(known.alertId(), known.decidedAt(), units, known.resolvedAt()));
            }
        } else if (event instanceof AlertResolved resolved) {
            Progress known =
                    alerts.getOrDefault(resolved.alertId(), new Progress(resolved.alertId(), null, List.of(), null));
            alerts.put(
                    resolved.alertId(),
                    new Progress(known.alertId(), known.decidedAt(), known.units(), resolved.occurredAt()));
        }
    }

    public synchronized Optional<Progress> of(UUID alertId) {
        return Optional.ofNullable(alerts.get(alertId));
    }

    private static Unit unit(UnitsAssigned.Assignment a, Instant at) {
        return new Unit(
                a.unitId(),
                a.callSign(),
                a.agency() == null ? null : a.agency().name(),
                a.capability(),
                a.distanceKm(),
                a.etaSeconds(),
                at,
                "ASSIGNED");
    }
}
