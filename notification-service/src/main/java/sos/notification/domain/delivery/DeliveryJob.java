package sos.notification.domain.delivery;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import sos.contracts.AlertEvent;

/**
 * One (event, recipient) delivery and how far it got: the channel it is on (0 = primary, 1 = secondary), the attempts
 * made on that channel and in all, the reasons of the channels given up so far, and when the next attempt is due. A
 * job whose next attempt is due later waits on a retry topic, not on a thread.
 *
 * @param message the text exactly as it is sent (with the acknowledgement instructions)
 */
public record DeliveryJob(
        UUID deliveryId,
        AlertEvent subject,
        String recipientId,
        String message,
        int channelIndex,
        int channelAttempts,
        int attempts,
        List<String> reasons,
        Instant notBefore) {

    public DeliveryJob {
        Objects.requireNonNull(deliveryId, "deliveryId");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(recipientId, "recipientId");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(notBefore, "notBefore");
        reasons = List.copyOf(reasons);
    }

    /** A delivery not tried yet: its first attempt on the primary channel is due now. */
    public static DeliveryJob first(
            UUID deliveryId, AlertEvent subject, String recipientId, String message, Instant now) {
        return new DeliveryJob(deliveryId, subject, recipientId, message, 0, 0, 0, List.of(), now);
    }
}
