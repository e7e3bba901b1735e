package sos.audit.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** What the trail's filters know about an alert, from its {@code AlertRaised}. */
public record AlertFacts(UUID alertId, String consulateId, String alertType, boolean drill, Instant raisedAt) {

    public AlertFacts {
        Objects.requireNonNull(alertId, "alertId");
        Objects.requireNonNull(consulateId, "consulateId");
        Objects.requireNonNull(alertType, "alertType");
        Objects.requireNonNull(raisedAt, "raisedAt");
    }
}
