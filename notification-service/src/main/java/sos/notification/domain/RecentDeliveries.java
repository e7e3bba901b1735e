package sos.notification.domain;

import java.util.UUID;
import sos.contracts.NotificationSent;

/**
 * Deliveries this instance completed lately, by delivery id, with their outcome, so that a redelivered event is not
 * sent to the same recipient twice by the same instance. Bounded and in memory: this is not crash-safe exactly-once
 * delivery (a restart, or another instance taking over the partition, can send once more).
 */
public final class RecentDeliveries {

    private final BoundedMap<UUID, NotificationSent> sent;

    public RecentDeliveries(int capacity) {
        this.sent = new BoundedMap<>(capacity);
    }

    public void remember(UUID deliveryId, NotificationSent outcome) {
        sent.put(deliveryId, outcome);
    }

    /** The outcome of a delivery already made, or null. */
    public NotificationSent find(UUID deliveryId) {
        return sent.get(deliveryId);
    }
}
