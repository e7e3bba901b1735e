package sos.contracts;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A recipient acknowledged a message it was sent: a person has it.
 *
 * @param subjectEventId the event of the message acknowledged
 * @param channel the channel the message went out on
 * @param via how the acknowledgement came: {@code LINK} (the signed link in the message), {@code WEBHOOK} (a signed
 *     callback) or {@code SMS_REPLY} (an SMS reply such as "ACK 4821")
 * @param deliveryId the delivery acknowledged
 * @param recipientKind the kind of recipient that acknowledged, as in the routing file (e.g. {@code CONTROL_ROOM}); an
 *     acknowledgement by a control room is the alert's acceptance; null when the writer predates the field
 */
public record NotificationAcknowledged(
        UUID eventId,
        Instant occurredAt,
        UUID alertId,
        UUID subjectEventId,
        String recipientId,
        String channel,
        String via,
        UUID deliveryId,
        String recipientKind)
        implements NotificationEvent {

    /** An acknowledgement whose recipient kind is not known. */
    public NotificationAcknowledged(
            UUID eventId,
            Instant occurredAt,
            UUID alertId,
            UUID subjectEventId,
            String recipientId,
            String channel,
            String via,
            UUID deliveryId) {
        this(eventId, occurredAt, alertId, subjectEventId, recipientId, channel, via, deliveryId, null);
    }

    public NotificationAcknowledged {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(alertId, "alertId");
        Objects.requireNonNull(subjectEventId, "subjectEventId");
        Objects.requireNonNull(recipientId, "recipientId");
        Objects.requireNonNull(via, "via");
    }
}
