package sos.contracts;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * Someone "cancelled" the alert with the consulate's duress PIN: the person at the panel is under coercion. The
 * consulate's screen showed a normal cancel; everything downstream must escalate and keep units going.
 */
public record DuressSignalled(UUID eventId, Instant occurredAt, UUID alertId, String consulateId, boolean drill)
        implements AlertLifecycleEvent {

    public DuressSignalled {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(alertId, "alertId");
        Objects.requireNonNull(consulateId, "consulateId");
    }
}
