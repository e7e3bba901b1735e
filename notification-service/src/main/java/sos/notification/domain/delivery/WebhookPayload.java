package sos.notification.domain.delivery;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicReferenceArray;
import sos.contracts.EventJson;
import sos.contracts.SosEvent;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON body of a webhook: {@code {"deliveryId", "recipientId", "event": <the event as on the wire>, "message"}}.
 */
public final class WebhookPayload {

    /**
     * The wire bytes of the events written lately, by identity: an event goes to several recipients at once, and is
     * written once for all of them. A slot holds the last event that fell on it; the bytes are never changed.
     */
    private static final AtomicReferenceArray<Written> RECENT = new AtomicReferenceArray<>(64);

    private record Written(SosEvent event, byte[] bytes) {}

    private WebhookPayload() {}

    public static byte[] toJson(UUID deliveryId, String recipientId, SosEvent event, String message) {
        // written around the event's own bytes (not parsed and written again): this runs for every attempt
        JsonMapper mapper = EventJson.mapper();
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(1024);
        out.writeBytes(("{\"deliveryId\":" + mapper.writeValueAsString(deliveryId.toString()) + ",\"recipientId\":"
                        + mapper.writeValueAsString(recipientId) + ",\"event\":")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        out.writeBytes(bytesOf(event));
        out.writeBytes((",\"message\":" + mapper.writeValueAsString(message) + "}")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static byte[] bytesOf(SosEvent event) {
        int slot = System.identityHashCode(event) & (RECENT.length() - 1);
        Written written = RECENT.get(slot);
        if (written == null || written.event() != event) {
            written = new Written(event, EventJson.toBytes(event));
            RECENT.set(slot, written);
        }
        return written.bytes();
    }
}
