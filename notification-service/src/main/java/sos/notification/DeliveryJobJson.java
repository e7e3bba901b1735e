package sos.notification;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import sos.contracts.AlertEvent;
import sos.contracts.EventJson;
import sos.contracts.SosEvent;
import sos.notification.domain.delivery.DeliveryJob;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A delivery job as JSON on the retry and delivery dead-letter topics: the job's fields, the event it delivers exactly
 * as on its topic ({@code subject}), and on the dead-letter topic the final failure ({@code outcome}).
 */
final class DeliveryJobJson {

    private DeliveryJobJson() {}

    static byte[] toBytes(DeliveryJob job) {
        return EventJson.mapper().writeValueAsBytes(toNode(job));
    }

    static ObjectNode toNode(DeliveryJob job) {
        JsonMapper mapper = EventJson.mapper();
        ObjectNode root = mapper.createObjectNode();
        root.put("deliveryId", job.deliveryId().toString());
        root.put("recipientId", job.recipientId());
        root.put("channelIndex", job.channelIndex());
        root.put("channelAttempts", job.channelAttempts());
        root.put("attempts", job.attempts());
        tools.jackson.databind.node.ArrayNode reasons = root.putArray("reasons");
        job.reasons().forEach(reasons::add);
        root.put("notBefore", job.notBefore().toString());
        root.put("message", job.message());
        root.set("subject", mapper.readTree(EventJson.toBytes(job.subject())));
        return root;
    }

    static DeliveryJob fromBytes(byte[] bytes) {
        JsonMapper mapper = EventJson.mapper();
        JsonNode root = mapper.readTree(bytes);
        SosEvent subject = EventJson.fromBytes(mapper.writeValueAsBytes(root.required("subject")));
        if (!(subject instanceof AlertEvent event)) {
            throw new IllegalArgumentException("a delivery job's subject must be an alert event");
        }
        List<String> reasons = new ArrayList<>();
        root.required("reasons").forEach(reason -> reasons.add(reason.asString()));
        return new DeliveryJob(
                UUID.fromString(root.required("deliveryId").asString()),
                event,
                root.required("recipientId").asString(),
                root.required("message").asString(),
                root.required("channelIndex").asInt(),
                root.required("channelAttempts").asInt(),
                root.required("attempts").asInt(),
                reasons,
                Instant.parse(root.required("notBefore").asString()));
    }
}
