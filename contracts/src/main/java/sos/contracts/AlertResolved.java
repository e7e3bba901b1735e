package sos.contracts;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * The incident is over: the control room resolved it, or every unit sent to it cleared the scene. dispatch-service
 * writes it once per alert; any unit still out on the alert is released with it.
 *
 * @param resolvedBy who resolved it: the control-room operator's name, or {@code "dispatch-service"} when the last
 *     unit cleared
 * @param reason why, in words (e.g. {@code "all units cleared"}, {@code "false alarm confirmed by the consulate"})
 * @param unitIds the units released by the resolution; empty when none was still out
 */
public record AlertResolved(
        UUID eventId, Instant occurredAt, UUID alertId, String resolvedBy, String reason, List<String> unitIds)
        implements DispatchEvent {

    public AlertResolved {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(alertId, "alertId");
        Objects.requireNonNull(resolvedBy, "resolvedBy");
        unitIds = unitIds == null ? List.of() : List.copyOf(unitIds);
    }
}
