package sos.ingest.domain.intake;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import sos.contracts.AlertRaised;

/** The alerts this instance accepted, most recent {@code maxEntries} only, so a consulate can ask for their status. */
public final class AcceptedAlerts {

    private final Map<UUID, AlertRaised> alerts;

    public AcceptedAlerts(int maxEntries) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be at least 1");
        }
        this.alerts = new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<UUID, AlertRaised> eldest) {
                return size() > maxEntries;
            }
        };
    }

    public synchronized void remember(AlertRaised alert) {
        alerts.put(alert.alertId(), alert);
    }

    /** The alert, only if it belongs to this consulate. */
    public synchronized Optional<AlertRaised> find(String consulateId, UUID alertId) {
        AlertRaised alert = alerts.get(alertId);
        return alert != null && alert.consulateId().equals(consulateId) ? Optional.of(alert) : Optional.empty();
    }

    public synchronized int size() {
        return alerts.size();
    }
}
