package sos.contracts;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * An authenticated consulate sent an alert that alert-ingest refused. No alert exists; this event keeps the attempt on
 * record so that analysts see every press that failed. Keyed by consulate id.
 *
 * @param status the HTTP status the sender got
 * @param problemType the RFC 9457 problem type URI the sender got
 * @param detail why, in words; never contains the request's secrets
 */
public record AlertRejected(
        UUID eventId,
        Instant occurredAt,
        String consulateId,
        String keyId,
        int status,
        String problemType,
        String detail)
        implements SosEvent {

    public AlertRejected {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(consulateId, "consulateId");
    }

    @Override
    public String key() {
        return consulateId;
    }
}
