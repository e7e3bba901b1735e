package sos.dispatch;

import java.time.Instant;
import java.util.UUID;
import sos.contracts.AlertRaised;
import sos.contracts.AlertType;
import sos.contracts.GeoPoint;

/** Alerts for the integration tests, as alert-ingest raises them for the demo consulate. */
final class Alerts {

    private Alerts() {}

    static AlertRaised raised(AlertType type, GeoPoint location, boolean drill) {
        return new AlertRaised(
                UUID.randomUUID(),
                Instant.now(),
                UUID.randomUUID(),
                "consulate-de",
                "Consulate General of Germany (demo)",
                type,
                type.defaultSeverity(),
                location,
                15.0,
                "Chancery",
                "integration test",
                drill);
    }
}
