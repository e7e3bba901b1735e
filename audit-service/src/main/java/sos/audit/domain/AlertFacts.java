package sos.audit.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** What the trail's filters know about an alert, from its {@code AlertRaised}; district null when it named none. */
public record AlertFacts(
        UUID alertId, String consulateId, String alertType, boolean drill, Instant raisedAt, String district) {

    /** An alert whose district is not known. */
    public AlertFacts(UUID alertId, String consulateId, String alertType, boolean drill, Instant raisedAt) {
        this(alertId, consulateId, alertType, drill, raisedAt, null);
    }

    public AlertFacts {
        Objects.requireNonNull(alertId, "alertId");
        Objects.requireNonNull(consulateId, "consulateId");
        Objects.requireNonNull(alertType, "alertType");
        Objects.requireNonNull(raisedAt, "raisedAt");
    }
}
