package sos.contracts;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * The consulate cancelled the alert with its genuine PIN (a false alarm): units stand down. A cancel with the duress
 * PIN is never this event but {@link DuressSignalled}.
 *
 * @param reason what the consulate said, if anything; may be null
 */
public record AlertCancelled(
        UUID eventId, Instant occurredAt, UUID alertId, String consulateId, String reason, boolean drill)
        implements AlertLifecycleEvent {

    public AlertCancelled {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(alertId, "alertId");
        Objects.requireNonNull(consulateId, "consulateId");
    }
}
