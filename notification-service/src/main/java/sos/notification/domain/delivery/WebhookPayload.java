package sos.notification.domain.delivery;

import java.util.UUID;
import sos.contracts.EventJson;
import sos.contracts.SosEvent;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON body of a webhook: {@code {"deliveryId", "recipientId", "event": <the event as on the wire>, "message"}}.
 */
public final class WebhookPayload {

    private WebhookPayload() {}

    public static byte[] toJson(UUID deliveryId, String recipientId, SosEvent event, String message) {
        // written around the event's own bytes (not parsed and written again): this runs for every attempt
        JsonMapper mapper = EventJson.mapper();
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(1024);
        out.writeBytes(("{\"deliveryId\":" + mapper.writeValueAsString(deliveryId.toString()) + ",\"recipientId\":"
                        + mapper.writeValueAsString(recipientId) + ",\"event\":")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        out.writeBytes(EventJson.toBytes(event));
        out.writeBytes((",\"message\":" + mapper.writeValueAsString(message) + "}")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return out.toByteArray();
    }
}
