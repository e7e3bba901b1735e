package sos.notification.domain;

import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import sos.contracts.AlertRaised;
import sos.contracts.UnitsAssigned;

/**
 * The alerts this instance saw lately, by alert id, so that an assignment can be routed by its alert's severity, type
 * and consulate. Bounded and in memory: after a restart, or for an alert older than the last {@code capacity} ones, an
 * assignment goes to the control rooms only.
 */
public final class RecentAlerts {

    private final BoundedMap<UUID, AlertRaised> alerts;
    private final BoundedMap<UUID, Boolean> duress;
    private final BoundedMap<UUID, Map<String, UnitsAssigned.Assignment>> units;

    public RecentAlerts(int capacity) {
        this.alerts = new BoundedMap<>(capacity);
        this.duress = new BoundedMap<>(capacity);
        this.units = new BoundedMap<>(capacity);
    }

    /** The alert was cancelled with the duress PIN: its consulate is shown a cancel, and told nothing more of it. */
    public void markDuress(UUID alertId) {
        duress.put(alertId, Boolean.TRUE);
    }

    public boolean underDuress(UUID alertId) {
        return duress.get(alertId) != null;
    }

    /** Remembers the units assigned to an alert (call sign, agency, ETA), to name them in its progress updates. */
    public void rememberUnits(UnitsAssigned assigned) {
        Map<String, UnitsAssigned.Assignment> known = units.get(assigned.alertId());
        Map<String, UnitsAssigned.Assignment> all = new java.util.HashMap<>(known == null ? Map.of() : known);
        all.putAll(assigned.assignments().stream()
                .collect(Collectors.toMap(UnitsAssigned.Assignment::unitId, unit -> unit, (a, b) -> b)));
        units.put(assigned.alertId(), Map.copyOf(all));
    }

    /** A unit assigned to the alert, or null when this instance did not see its assignment. */
    public UnitsAssigned.Assignment unit(UUID alertId, String unitId) {
        Map<String, UnitsAssigned.Assignment> known = units.get(alertId);
        return known == null ? null : known.get(unitId);
    }

    public void remember(AlertRaised alert) {
        alerts.put(alert.alertId(), alert);
    }

    /** The alert, or null when this instance has not seen it (or forgot it). */
    public AlertRaised find(UUID alertId) {
        return alerts.get(alertId);
    }

    public int size() {
        return alerts.size();
    }
}
