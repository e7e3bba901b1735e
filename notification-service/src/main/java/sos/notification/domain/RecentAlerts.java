package sos.notification.domain;

import java.util.UUID;
import sos.contracts.AlertRaised;

/**
 * The alerts this instance saw lately, by alert id, so that an assignment can be routed by its alert's severity, type
 * and consulate. Bounded and in memory: after a restart, or for an alert older than the last {@code capacity} ones, an
 * assignment goes to the control rooms only.
 */
public final class RecentAlerts {

    private final BoundedMap<UUID, AlertRaised> alerts;

    public RecentAlerts(int capacity) {
        this.alerts = new BoundedMap<>(capacity);
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
