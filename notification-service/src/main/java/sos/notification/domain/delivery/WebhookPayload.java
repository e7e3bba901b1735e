package sos.notification.domain.delivery;

import java.util.UUID;
import sos.contracts.EventJson;
import sos.contracts.SosEvent;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON body of a webhook: {@code {"deliveryId", "recipientId", "event": <the event as on the wire>, "message"}}.
 */
public final class WebhookPayload {

    private WebhookPayload() {}

    public static byte[] toJson(UUID deliveryId, String recipientId, SosEvent event, String message) {
        JsonMapper mapper = EventJson.mapper();
        ObjectNode root = mapper.createObjectNode();
        root.put("deliveryId", deliveryId.toString());
        root.put("recipientId", recipientId);
        root.set("event", mapper.readTree(EventJson.toBytes(event)));
        root.put("message", message);
        return mapper.writeValueAsBytes(root);
    }
}
