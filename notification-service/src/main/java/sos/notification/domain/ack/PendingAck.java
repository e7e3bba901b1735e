package sos.notification.domain.ack;

import java.util.UUID;
import sos.contracts.NotificationSent;

/** A message that was delivered and waits for its recipient to acknowledge it; {@code sent} is its outcome event. */
public record PendingAck(
        UUID deliveryId,
        UUID alertId,
        UUID subjectEventId,
        String subjectEventType,
        String recipientId,
        String channel,
        String code,
        NotificationSent sent) {}
