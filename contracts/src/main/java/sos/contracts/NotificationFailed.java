package sos.contracts;

import java.time.Instant;
import java.util.UUID;

/**
 * Every attempt to deliver a message to a recipient failed.
 *
 * @param reason the last failure, in words (status code or I/O error); never contains secrets
 */
public record NotificationFailed(
        UUID eventId,
        Instant occurredAt,
        UUID alertId,
        UUID subjectEventId,
        String subjectEventType,
        String recipientId,
        String channel,
        int attempts,
        String reason)
        implements NotificationEvent {}
