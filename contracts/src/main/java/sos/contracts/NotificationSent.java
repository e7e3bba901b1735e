package sos.contracts;

import java.time.Instant;
import java.util.UUID;

/**
 * A recipient's endpoint accepted the message.
 *
 * @param attempts how many attempts it took, at least 1
 * @param statusCode what the recipient's endpoint answered
 */
public record NotificationSent(
        UUID eventId,
        Instant occurredAt,
        UUID alertId,
        UUID subjectEventId,
        String subjectEventType,
        String recipientId,
        String channel,
        int attempts,
        int statusCode)
        implements NotificationEvent {}
