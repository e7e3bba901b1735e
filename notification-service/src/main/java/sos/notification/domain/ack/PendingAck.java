package sos.notification.domain.ack;

import java.util.UUID;

/** A message that was delivered and waits for its recipient to acknowledge it. */
public record PendingAck(
        UUID deliveryId,
        UUID alertId,
        UUID subjectEventId,
        String subjectEventType,
        String recipientId,
        String channel,
        String code) {}
