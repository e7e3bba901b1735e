package sos.notification.domain.ack;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Deliveries waiting for an acknowledgement, by delivery id; bounded (the oldest go first). Rebuilt on start from the
 * outcome events on Kafka, so that what was pending before a restart still is.
 */
public final class PendingAcks {

    private final int capacity;
    private final Map<UUID, PendingAck> pending;
    private final Set<UUID> acknowledged = java.util.Collections.newSetFromMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<UUID, Boolean> eldest) {
            return size() > 100_000;
        }
    });

    public PendingAcks(int capacity) {
        this.capacity = capacity;
        this.pending = new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<UUID, PendingAck> eldest) {
                return size() > PendingAcks.this.capacity;
            }
        };
    }

    public synchronized void expect(PendingAck ack) {
        if (!acknowledged.contains(ack.deliveryId())) {
            pending.put(ack.deliveryId(), ack);
        }
    }

    public synchronized Optional<PendingAck> find(UUID deliveryId) {
        return Optional.ofNullable(pending.get(deliveryId));
    }

    /** The pending delivery to one of these recipients with this SMS code, the newest first. */
    public synchronized Optional<PendingAck> findByCode(Set<String> recipientIds, String code) {
        PendingAck found = null;
        for (PendingAck ack : pending.values()) {
            if (recipientIds.contains(ack.recipientId()) && ack.code().equals(code)) {
                found = ack;
            }
        }
        return Optional.ofNullable(found);
    }

    /** @return whether it was pending (false when unknown or already acknowledged) */
    public synchronized boolean acknowledge(UUID deliveryId) {
        acknowledged.add(deliveryId);
        return pending.remove(deliveryId) != null;
    }

    /** Every delivery still waiting, oldest first. */
    public synchronized java.util.List<PendingAck> all() {
        return java.util.List.copyOf(pending.values());
    }

    public synchronized boolean wasAcknowledged(UUID deliveryId) {
        return acknowledged.contains(deliveryId);
    }
}
