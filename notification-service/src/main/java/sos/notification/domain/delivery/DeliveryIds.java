package sos.notification.domain.delivery;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Deterministic ids, so that a redelivered event yields the same ids again and readers can drop duplicates.
 *
 * <ul>
 *   <li>deliveryId = name-based UUID of ("notification-delivery", subject event id, recipient id, channel)
 *   <li>outcome event id = name-based UUID of ("notification-outcome", deliveryId, outcome type): a delivery that failed
 *       once and succeeded on a later redelivery has both outcomes on record, each once
 * </ul>
 */
public final class DeliveryIds {

    private DeliveryIds() {}

    public static UUID deliveryId(UUID subjectEventId, String recipientId, String channel) {
        return nameBased("notification-delivery|" + subjectEventId + "|" + recipientId + "|" + channel);
    }

    public static UUID outcomeEventId(UUID deliveryId, String outcomeType) {
        return nameBased("notification-outcome|" + deliveryId + "|" + outcomeType);
    }

    /** The event of failed attempt number {@code attempt} (from 1) that was not the last. */
    public static UUID attemptEventId(UUID deliveryId, int attempt) {
        return nameBased("notification-attempt|" + deliveryId + "|" + attempt);
    }

    private static UUID nameBased(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
    }
}
