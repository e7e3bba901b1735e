package sos.contracts;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * dispatch-service escalated an alert to the control room and the Rangers ops room: a duress signal, no suitable unit
 * within reach, or too many failed re-dispatches. Units already out keep going.
 *
 * @param cause a stable code: {@code DURESS}, {@code NO_UNIT_AVAILABLE}, {@code REDISPATCH_FAILED}
 * @param reason why, in words
 * @param unitIds the units still out on the alert
 */
public record AlertEscalated(
        UUID eventId, Instant occurredAt, UUID alertId, String cause, String reason, List<String> unitIds)
        implements DispatchEvent {

    public AlertEscalated {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(alertId, "alertId");
        Objects.requireNonNull(cause, "cause");
        unitIds = unitIds == null ? List.of() : List.copyOf(unitIds);
    }
}
