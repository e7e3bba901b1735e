package sos.contracts;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * dispatch-service released the units sent to an alert: the alert was cancelled (a false alarm) or resolved. The units
 * are available again.
 *
 * @param unitIds the units released; empty when none was out on the alert
 * @param reason why, in words (e.g. {@code "alert cancelled by consulate-de: false alarm"})
 */
public record UnitsStoodDown(UUID eventId, Instant occurredAt, UUID alertId, List<String> unitIds, String reason)
        implements DispatchEvent {

    public UnitsStoodDown {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(alertId, "alertId");
        unitIds = unitIds == null ? List.of() : List.copyOf(unitIds);
    }
}
